package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.event.RawInput;
import dev.weir.flow.RecordKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.JournalRecord;
import dev.weir.journal.RunArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A source's rejected raw input lands in its error journal, on memory and disk alike, and the flow goes on. */
class RejectTest {

  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void rejectedRawInput_isDeadLetteredWithItsReason_andTheFlowGoesOn(boolean disk) throws Exception {
    List<Long> got = new ArrayList<>();
    String[] lines = {"1", "2", "x3", "4", "", "6"};
    FlowDefinition def = flow("rejects")
        .stage(source("parse", out -> {
          for (int i = 0; i < lines.length; i++) {
            try {
              out.emit(Long.parseLong(lines[i]));
            } catch (NumberFormatException e) {
              out.reject(lines[i], ErrorKind.DESERIALIZATION, "numbers.txt line " + (i + 1) + ": not a number");
            }
          }
          return false;
        }))
        .stage(sink("collect", got::add))
        .chain("parse", "collect")
        .build();

    FlowHandle h = def.builder().journals(disk ? Journals.disk(tmp) : Journals.memory()).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(1L, 2L, 4L, 6L);
    assertThat(r.stage("parse").errors()).isEqualTo(2);
    List<JournalRecord> dead;
    if (disk) {
      try (RunArchive a = RunArchive.open(h.journals().directory().orElseThrow(), def, null)) {
        dead = a.errors("parse").readAll(RecordKind.ERROR);
      }
    } else {
      dead = h.journals().errors("parse").readAll(RecordKind.ERROR);
    }
    assertThat(dead).hasSize(2).allMatch(rec -> rec.kind() == RecordKind.ERROR && rec.parent() == EventRef.NONE
        || rec.parent().seq() == 0);
    DeadLetter first = (DeadLetter) dead.get(0).payload();
    assertThat(first.kind()).isEqualTo(ErrorKind.DESERIALIZATION);
    assertThat(first.message()).isEqualTo("numbers.txt line 3: not a number");
    assertThat(first.input()).isEqualTo(new RawInput("x3"));
    assertThat(((DeadLetter) dead.get(1).payload()).input()).isEqualTo(new RawInput(""));
  }
}

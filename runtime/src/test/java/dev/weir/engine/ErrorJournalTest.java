package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.flow.RecordKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorJournalTest {

  @Test
  void throwingTransform_sendsThoseInputsToItsErrorJournal_andGoesOn() throws Exception {
    List<Long> got = new ArrayList<>();
    FlowDefinition def = flow("errors")
        .stage(source("numbers", Sources.range(100, i -> i)))
        .stage(transform("picky", (x, out) -> {
          if (x % 10 == 3) {
            throw new StageException(ErrorKind.VALIDATION, "no threes: " + x);
          }
          if (x == 50) {
            throw new IllegalStateException("fifty is right out");
          }
          out.emit(x);
        }))
        .stage(sink("collect", got::add))
        .chain("numbers", "picky", "collect")
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(89).doesNotContain(3L, 13L, 50L, 93L);
    assertThat(r.stage("picky").received()).isEqualTo(100);
    assertThat(r.stage("picky").errors()).isEqualTo(11);
    assertThat(r.stage("picky").emitted()).isEqualTo(89);

    List<JournalRecord> dead = h.journals().errors("picky").readAll(RecordKind.ERROR);
    assertThat(dead).hasSize(11).allMatch(rec -> rec.kind() == RecordKind.ERROR);
    DeadLetter first = (DeadLetter) dead.get(0).payload();
    assertThat(first.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(first.message()).isEqualTo("no threes: 3");
    assertThat(first.input()).isEqualTo(3L);
    assertThat(dead.get(0).parent()).isEqualTo(new EventRef("numbers", 4));
    DeadLetter fifty = dead.stream().map(rec -> (DeadLetter) rec.payload()).filter(l -> l.input().equals(50L))
        .findFirst().orElseThrow();
    assertThat(fifty.kind()).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(fifty.exception()).isEqualTo(IllegalStateException.class.getName());
    assertThat(fifty.message()).isEqualTo("fifty is right out");
  }

  @Test
  void throwingSink_deadLettersAndDeliveryContractStillHolds() throws Exception {
    List<Long> got = new ArrayList<>();
    FlowDefinition def = flow("sinkErrors")
        .stage(source("numbers", Sources.range(20, i -> i)))
        .stage(sink("odd", x -> {
          if (x % 2 == 0) {
            throw new java.io.IOException("remote down for " + x);
          }
          got.add(x);
        }))
        .chain("numbers", "odd")
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L);
    assertThat(r.stage("odd").errors()).isEqualTo(10);
    assertThat(h.journals().data("odd").readAll(RecordKind.RECEIPT)).hasSize(10);
    assertThat(h.journals().errors("odd").readAll(RecordKind.ERROR))
        .extracting(rec -> ((DeadLetter) rec.payload()).kind())
        .containsOnly(ErrorKind.REMOTE);
  }
}

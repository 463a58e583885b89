package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.flow.Durability;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.journal.RunArchive;
import dev.weir.replay.ReplayVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cycle over a bean without equals or hashCode: its backflow edge reads what the journal decodes
 * (new objects on disk), and the contracts hold on memory and disk alike because they compare bytes.
 */
class CycleBeanTest {

  @TempDir
  Path dir;

  /** A mutable bean with identity equals and hashCode, as plain Java classes have. */
  public static final class Countdown {
    private long id;
    private int left;

    public Countdown() {}

    Countdown(long id, int left) {
      this.id = id;
      this.left = left;
    }

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }

    public int getLeft() {
      return left;
    }

    public void setLeft(int left) {
      this.left = left;
    }
  }

  private static final ElementType COUNTDOWN = ElementType.of(Countdown.class);

  private static FlowDefinition flow(List<Long> done) {
    Transform<Countdown, Countdown> zero = (c, out) -> {
      if (c.getLeft() == 0) {
        out.emit(c);
      }
    };
    return FlowDefinition.define("countdown")
        .bufferSize(64)
        .maxIterations(20)
        .stage(StageDefinition.source("starts", COUNTDOWN, f -> Sources.range(300, i -> new Countdown(i, (int) (i % 7)))))
        .stage(StageDefinition.transform("entry", StageKind.TRANSFORM, COUNTDOWN, COUNTDOWN,
            f -> (Transform<Countdown, Countdown>) (c, out) -> out.emit(c)))
        .stage(StageDefinition.transform("tick", StageKind.TRANSFORM, COUNTDOWN, COUNTDOWN, f -> (Transform<Countdown, Countdown>) (c, out) -> {
          if (c.getLeft() > 0) {
            out.emit(new Countdown(c.getId(), c.getLeft() - 1));
          }
        }))
        .stage(StageDefinition.transform("zero", StageKind.TRANSFORM, COUNTDOWN, COUNTDOWN, f -> zero))
        .stage(StageDefinition.sink("done", COUNTDOWN, f -> (Sink<Countdown>) c -> done.add(c.getId())))
        .chain("starts", "entry", "zero", "done")
        .edge(EdgeDefinition.forward("entry", "tick"))
        .edge(EdgeDefinition.backflow("tick", "entry"))
        .build();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void beanPayloadsGoAroundTheCycle_andEveryContractHolds(boolean disk) throws Exception {
    List<Long> done = Collections.synchronizedList(new ArrayList<>());
    FlowHandle h = flow(done).builder()
        .journals(disk ? Journals.disk(dir).durability(Durability.none()) : Journals.memory()).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(done).hasSize(300).doesNotHaveDuplicates();
    // every start with n steps left passes entry n + 1 times
    long expectedEntry = 0;
    for (int i = 0; i < 300; i++) {
      expectedEntry += i % 7 + 1;
    }
    assertThat(r.stage("entry").emitted()).isEqualTo(expectedEntry);
    if (disk) {
      Path runDir = h.journals().directory().orElseThrow();
      FlowHandle replay = flow(new ArrayList<>()).builder().journals(Journals.disk(dir).durability(Durability.none()))
          .replayFrom(runDir).start();
      assertThat(replay.await().state()).isEqualTo(FlowState.COMPLETED);
      try (RunArchive a = RunArchive.open(runDir, flow(new ArrayList<>()), null)) {
        assertThat(ReplayVerifier.compare(List.of("starts", "entry", "tick", "zero", "done"), a::data, replay.journals()::data, 5))
            .isEmpty();
      }
    }
  }
}

package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.flow.RecordKind;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import dev.weir.testing.Await;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run ended says whether it was stopped and why; a cancel is not an error of the input it cut short. */
class StopDetailTest {

  @TempDir
  Path dir;

  private static final ElementType LONG = ElementType.of(Long.class);

  @Test
  void aGracefulStop_isNamedWithItsReason_inTheResultAndTheManifest() throws Exception {
    AtomicLong seen = new AtomicLong();
    FlowDefinition def = FlowDefinition.define("stopped")
        .stage(StageDefinition.source("ticks", LONG, f -> Sources.infinite(i -> i)))
        .stage(StageDefinition.sink("count", LONG, f -> (Sink<Long>) x -> seen.incrementAndGet()))
        .chain("ticks", "count")
        .build();
    FlowHandle h = def.builder().journals(Journals.disk(dir).durability(Durability.none())).start();
    Await.until("some ticks", () -> seen.get() > 1000);
    h.stop(StopMode.GRACEFUL, "deploy 42");
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.detail()).startsWith("stopped gracefully (deploy 42): the sources stopped before their end")
        .contains("every stage completed");
    assertThat(Manifest.read(h.journals().directory().orElseThrow()).detail()).isEqualTo(r.detail());
  }

  @Test
  void aCancel_doesNotDeadLetterTheInputItInterrupted() throws Exception {
    AtomicLong entered = new AtomicLong();
    FlowDefinition def = FlowDefinition.define("cut")
        .stage(StageDefinition.source("ticks", LONG, f -> Sources.infinite(i -> i)))
        .stage(StageDefinition.sink("slow", LONG, f -> (Sink<Long>) x -> {
          entered.incrementAndGet();
          Thread.sleep(60_000); // until the cancel interrupts it
        }))
        .chain("ticks", "slow")
        .build();
    FlowHandle h = def.builder().start();
    Await.until("the sink to take an event", () -> entered.get() > 0);
    h.stop(StopMode.CANCEL, "on test");
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("flow 'cut' cancelled on test");
    assertThat(r.stage("slow").errors()).isZero();
    assertThat(h.journals().errors("slow").readAll(RecordKind.ERROR)).isEmpty();
  }
}

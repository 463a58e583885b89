package dev.weir.engine;

import dev.weir.testing.Await;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sources;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A stage thread that ignores interrupts is reported, and does not hold up the end of the run. */
class LingeringStageTest {

  @Test
  void sinkIgnoringInterrupts_gracefulStopEndsSoonAfterTheDeadline_andNamesTheSink() throws Exception {
    AtomicBoolean release = new AtomicBoolean();
    AtomicLong entered = new AtomicLong();
    FlowHandle h = flow("lingering")
        .bufferSize(64)
        .stage(source("ticks", Sources.infinite(i -> i)))
        .stage(sink("stubborn", x -> {
          entered.incrementAndGet();
          while (!release.get()) {
            try {
              Thread.sleep(50);
            } catch (InterruptedException ignored) {
              // ignores interrupts on purpose
            }
          }
        }))
        .chain("ticks", "stubborn")
        .build()
        .builder().journals(Journals.memory()).stopDeadline(Duration.ofSeconds(1)).start();
    try {
      Await.until("the sink to take its first event", () -> entered.get() > 0);
      long start = System.nanoTime();
      h.stop(StopMode.GRACEFUL);
      FlowResult r = h.await();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).as("stop(GRACEFUL) to await() with a 1 s deadline").isLessThan(Duration.ofSeconds(3));
      assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.CANCELLED);
      assertThat(r.lingeringStages()).containsExactly("stubborn");
      assertThat(r.failure().orElseThrow().getMessage()).contains("did not finish within", "[stubborn]");
    } finally {
      release.set(true);
    }
  }
}

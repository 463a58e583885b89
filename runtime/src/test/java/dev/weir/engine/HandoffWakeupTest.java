package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Source;
import dev.weir.api.Transforms;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Single-event handoffs through several stages: every one must wake the next stage at once. */
class HandoffWakeupTest {

  private static final int HANDOFFS = 2000;

  @Test
  void singleEventHandoffs_neverWaitForTheParkTimeout() throws Exception {
    Semaphore seen = new Semaphore(0);
    Source<Long> oneAtATime = new Source<>() {
      long n;

      @Override
      public boolean next(dev.weir.api.Emitter<Long> out) throws Exception {
        if (n > 0 && !seen.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("event " + n + " did not reach the sink within 30 s");
        }
        if (n == HANDOFFS) {
          return false;
        }
        out.emit(++n);
        return true;
      }
    };
    long lostBefore = Parker.timedOutWithWork();
    long start = System.nanoTime();
    FlowResult r = flow("handoff")
        .bufferSize(64)
        .stage(source("src", oneAtATime))
        .stage(transform("a", Transforms.map((Long x) -> x)))
        .stage(transform("b", Transforms.map((Long x) -> x)))
        .stage(sink("out", x -> seen.release()))
        .chain("src", "a", "b", "out")
        .build()
        .builder().journals(Journals.memory()).start().await();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("out").received()).isEqualTo(HANDOFFS);
    // Each handoff takes microseconds to a few ms; a lost wake-up costs the 1 s park timeout.
    assertThat(took).as("wall time of %d handoffs", HANDOFFS).isLessThan(Duration.ofSeconds(60));
    assertThat(Parker.timedOutWithWork() - lostBefore).as("parks that slept their full timeout with work ready")
        .isZero();
  }
}

package dev.weir.benchmarks;

import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Start time of an S-stage flow (a source, S - 2 maps, a sink): from just before
 * {@code builder().start()} until {@link FlowHandle#state()} reads {@code RUNNING}. The source holds
 * its events back until then, so the flow cannot finish before it is seen running; then it emits
 * 1 000 events and the run must complete with all of them at the sink.
 */
final class StartupTime {

  private static final long EVENTS = 1_000;

  private StartupTime() {}

  static double weir(int stages) throws Exception {
    if (stages < 3) {
      throw new IllegalArgumentException("a startup flow needs at least 3 stages, got " + stages);
    }
    CountDownLatch release = new CountDownLatch(1);
    Source<Long> source = new Source<>() {
      private long next;

      @Override
      public boolean next(Emitter<Long> out) throws InterruptedException {
        if (!release.await(100, TimeUnit.MILLISECONDS)) {
          return true;
        }
        for (int k = 0; k < 100 && next < EVENTS; k++) {
          out.emit(next++);
        }
        return next < EVENTS;
      }
    };
    AtomicLong sum = new AtomicLong();
    Sink<Long> sink = sum::addAndGet;
    var builder = WeirChain.definition(stages - 2, 1024, () -> source, () -> sink).builder().journals(Journals.memory());
    long t0 = System.nanoTime();
    FlowHandle h = builder.start();
    long running = 0;
    while (true) {
      FlowState s = h.state();
      if (s == FlowState.RUNNING) {
        running = System.nanoTime();
        break;
      }
      if (s == FlowState.FAILED || s == FlowState.CANCELLED || s == FlowState.COMPLETED) {
        throw new IllegalStateException("the " + stages + "-stage flow ended " + s + " before it was seen RUNNING: "
            + h.await());
      }
      if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) {
        h.stop(dev.weir.flow.StopMode.CANCEL);
        throw new IllegalStateException("the " + stages + "-stage flow was not RUNNING after 120 s (" + s + ")");
      }
      Thread.onSpinWait();
    }
    release.countDown();
    Optional<FlowResult> r = h.await(Duration.ofSeconds(120));
    long expected = EVENTS * (EVENTS - 1) / 2 + EVENTS * (stages - 2);
    if (r.isEmpty() || r.get().state() != FlowState.COMPLETED || sum.get() != expected) {
      h.stop(dev.weir.flow.StopMode.CANCEL);
      throw new IllegalStateException("the " + stages + "-stage flow did not complete with sum " + expected + ": "
          + r.orElse(null) + ", sum " + sum.get());
    }
    return (running - t0) / 1e9;
  }
}

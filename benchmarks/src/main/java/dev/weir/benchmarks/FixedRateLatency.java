package dev.weir.benchmarks;

import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Latency at a fixed offered rate, not saturated: the source offers event {@code i} at its
 * intended time {@code start + i / rate} (it emits every event that is due, waits for the next
 * otherwise), and the sink records, for every event, now minus that intended time: a stall delays
 * every event behind it and each of them is counted (coordinated-omission correction). The first
 * second is warm-up and not recorded. Weir on {@code Journals.memory()}, depth D maps.
 */
final class FixedRateLatency {

  private FixedRateLatency() {}

  /** Latencies of one run in µs. */
  record Result(long recorded, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,d events recorded: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs",
          recorded, p50Micros, p99Micros, p999Micros, maxMicros);
    }
  }

  /** Where the source's clock started; set by the source's first call, read by the sink. */
  static final class Clock {
    volatile long start;
  }

  static Result weir(int depth, int rate, int seconds) throws Exception {
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long warm = rate;
    long n = (long) rate * (seconds + 1);
    Clock clock = new Clock();
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    long[] seen = new long[1];
    Source<Long> source = new Source<>() {
      private long next;

      @Override
      public boolean next(Emitter<Long> out) {
        if (next == 0) {
          clock.start = System.nanoTime();
        }
        long start = clock.start;
        long now = System.nanoTime();
        long due = Math.min(n, (now - start) / period + 1);
        if (next >= due) {
          LockSupport.parkNanos(start + next * period - now);
          return true;
        }
        while (next < due) {
          out.emit(next++);
        }
        return next < n;
      }
    };
    Sink<Long> sink = v -> {
      long i = v - depth;
      seen[0]++;
      if (i >= warm) {
        long lat = System.nanoTime() - (clock.start + i * period);
        h.recordValue(Math.min(Math.max(lat, 0), TimeUnit.SECONDS.toNanos(60)));
      }
    };
    var handle = WeirChain.definition(depth, 1024, () -> source, () -> sink).builder().journals(Journals.memory()).start();
    Optional<FlowResult> r = handle.await(Duration.ofSeconds(seconds + 120L));
    if (r.isEmpty() || r.get().state() != FlowState.COMPLETED || r.get().stage("sink").received() != n || seen[0] != n) {
      handle.stop(dev.weir.flow.StopMode.CANCEL);
      throw new IllegalStateException("fixed-rate run did not complete with " + n + " events: " + r.orElse(null)
          + ", sink saw " + seen[0]);
    }
    return new Result(h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
  }
}

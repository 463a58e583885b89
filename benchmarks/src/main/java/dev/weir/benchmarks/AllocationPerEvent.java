package dev.weir.benchmarks;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Allocation per event in steady state: a depth-D Weir flow on {@code Journals.memory()}; the sink
 * thread sums {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} over every thread
 * named {@code weir-bench-*} when it has received a quarter and three quarters of the events, and
 * the difference is divided by the events in between. The payload baseline is what the user's code
 * allocates itself: one boxed {@link Long} from the source and one per map stage, measured the same
 * way on a plain loop boxing the same values.
 */
final class AllocationPerEvent {

  private AllocationPerEvent() {}

  record Result(double total, double payload) {
    double beyondPayload() {
      return total - payload;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.1f bytes per event on Weir's threads, %.1f of them the payload's boxed Longs,"
          + " %.1f beyond", total, payload, beyondPayload());
    }
  }

  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static long allocatedByWeirThreads() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("weir-bench")) {
        sum += MX.getThreadAllocatedBytes(t.getId());
      }
    }
    return sum;
  }

  /** Keeps boxed values reachable so the baseline loop's boxing cannot be elided. */
  static volatile Object blackhole;

  /** Bytes per event the user's own code allocates: {@code depth + 1} boxed Longs. */
  static double payloadBaseline(int depth, long n) {
    long id = Thread.currentThread().getId();
    long before = MX.getThreadAllocatedBytes(id);
    for (long i = 1_000; i < n + 1_000; i++) {
      Long v = i;
      for (int d = 0; d < depth; d++) {
        blackhole = v;
        v = v + 1;
      }
      blackhole = v;
    }
    return (MX.getThreadAllocatedBytes(id) - before) / (double) n;
  }

  static Result weir(int depth, long n) throws Exception {
    long from = n / 4;
    long to = 3 * n / 4;
    long[] marks = new long[2];
    long[] seen = new long[1];
    Sink<Long> sink = v -> {
      long c = ++seen[0];
      if (c == from) {
        marks[0] = allocatedByWeirThreads();
      } else if (c == to) {
        marks[1] = allocatedByWeirThreads();
      }
    };
    var handle = WeirChain.definition(depth, 1024, () -> Sources.range(n, i -> i), () -> sink).builder()
        .journals(Journals.memory()).start();
    Optional<FlowResult> r = handle.await(Duration.ofMinutes(5));
    if (r.isEmpty() || r.get().state() != FlowState.COMPLETED || seen[0] != n) {
      handle.stop(dev.weir.flow.StopMode.CANCEL);
      throw new IllegalStateException("allocation run did not complete with " + n + " events: " + r.orElse(null));
    }
    double total = (marks[1] - marks[0]) / (double) (to - from);
    payloadBaseline(depth, 200_000); // warm the loop up
    return new Result(total, payloadBaseline(depth, n / 2));
  }
}

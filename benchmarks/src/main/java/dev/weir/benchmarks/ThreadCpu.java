package dev.weir.benchmarks;

import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Idle CPU of Weir's own threads: a depth-D flow whose source has no input ({@code next} waits up
 * to 100 ms on an empty queue), settled, then the CPU time of every thread named {@code weir-bench-*}
 * over a window ({@link ThreadMXBean#getThreadCpuTime}), as % of one core; the whole process's CPU
 * over the same window beside it. The flow is then stopped gracefully and must complete.
 */
final class ThreadCpu {

  private ThreadCpu() {}

  record IdleResult(int threads, double weirThreadsPercent, double processPercent, String end) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d weir threads: %.2f %% of one core (process %.2f %%); %s", threads,
          weirThreadsPercent, processPercent, end);
    }
  }

  static Map<Long, Long> cpuOfWeirThreads(String prefix) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        cpu.put(t.getId(), mx.getThreadCpuTime(t.getId()));
      }
    }
    return cpu;
  }

  static IdleResult idleWeir(int depth, int settleSeconds, int windowSeconds) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    WeirChain chain = new WeirChain(1024, Journals::memory, WeirChain.IdleSourceKind.BLOCKING);
    WeirChain.WeirRun run = chain.start(depth, new Tally(0, depth, 1), true);
    try {
      Thread.sleep(settleSeconds * 1000L);
      Map<Long, Long> before = cpuOfWeirThreads("weir-bench");
      long p0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      Thread.sleep(windowSeconds * 1000L);
      Map<Long, Long> after = cpuOfWeirThreads("weir-bench");
      long p1 = os.getProcessCpuTime();
      long wall = System.nanoTime() - w0;
      long used = 0;
      for (Map.Entry<Long, Long> e : after.entrySet()) {
        used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
      }
      Optional<FlowResult> r = run.stop(StopMode.GRACEFUL, Duration.ofSeconds(60));
      if (r.isEmpty() || r.get().state() != FlowState.COMPLETED) {
        throw new IllegalStateException("the idle flow did not complete on stop(GRACEFUL): " + r.orElse(null));
      }
      return new IdleResult(after.size(), 100.0 * used / wall, 100.0 * (p1 - p0) / wall, "stop(GRACEFUL): COMPLETED");
    } finally {
      run.close();
    }
  }
}

package dev.weir.benchmarks;

import dev.weir.flow.FlowResult;
import dev.weir.flow.StopMode;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Idle CPU: starts a pipeline whose source has no input, lets it settle, then measures process CPU
 * time over wall time ({@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}), as a
 * percentage of one core, minus a baseline taken with no pipeline running. Weir's runs are then
 * stopped with {@link StopMode#GRACEFUL}, and how they ended is reported.
 */
final class IdleCpu {

  private final Options o;
  private final PrintStream out;
  private final com.sun.management.OperatingSystemMXBean os;

  IdleCpu(Options o, PrintStream out) {
    this.o = o;
    this.out = out;
    this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  }

  private record Row(String name, double percent, String end) {}

  boolean run() throws InterruptedException {
    int depth = o.idleDepth;
    out.printf(Locale.ROOT, "%n== idle CPU: depth %d, source with no input; %d s settle, %d s measured; "
        + "%% of one core ==%n", depth, o.settleSeconds, o.windowSeconds);
    List<Chain> chains = new ArrayList<>();
    if (o.impls.contains("weir")) {
      chains.add(new WeirChain(o.ring, PipelineBenchmark.journals(o), WeirChain.IdleSourceKind.BLOCKING));
      chains.add(new WeirChain(o.ring, PipelineBenchmark.journals(o), WeirChain.IdleSourceKind.RETURNING));
    }
    for (Chain c : PipelineBenchmark.chains(o)) {
      if (!(c instanceof WeirChain)) {
        chains.add(c);
      }
    }
    System.gc();
    Thread.sleep(o.settleSeconds * 1000L);
    double before = measure();
    out.printf(Locale.ROOT, "  baseline (no pipeline running): %.2f %%%n", before);
    boolean ok = true;
    List<Row> rows = new ArrayList<>();
    for (Chain c : chains) {
      String name = c instanceof WeirChain w ? w.idleName() : c.name();
      System.gc();
      Thread.sleep(200);
      Chain.Run run = null;
      try {
        run = c.start(depth, new Tally(0, depth, 1), true);
        Thread.sleep(o.settleSeconds * 1000L);
        double pct = measure();
        String end;
        if (run instanceof WeirChain.WeirRun weir) {
          long t0 = System.nanoTime();
          Optional<FlowResult> r = weir.stop(StopMode.GRACEFUL, Duration.ofSeconds(60));
          double secs = (System.nanoTime() - t0) / 1e9;
          end = r.map(fr -> String.format(Locale.ROOT, "stop(GRACEFUL): %s after %.2f s", fr.state(), secs)
                  + fr.failure().map(f -> " (" + f.getMessage() + ")").orElse(""))
              .orElse("stop(GRACEFUL): no result after 60 s (state " + weir.handle().state() + ")");
          if (r.isEmpty()) {
            ok = false;
          }
        } else {
          run.close();
          end = "halted";
        }
        rows.add(new Row(name, pct, end));
        out.printf(Locale.ROOT, "  %-28s %7.2f %%   %s%n", name, pct, end);
      } catch (Throwable e) {
        ok = false;
        out.printf(Locale.ROOT, "SKIP idle %s: %s: %s%n", name, e.getClass().getSimpleName(), e.getMessage());
      } finally {
        if (run != null) {
          try {
            run.close();
          } catch (Exception e) {
            out.printf(Locale.ROOT, "  (closing %s: %s)%n", name, e);
          }
        }
      }
    }
    System.gc();
    Thread.sleep(o.settleSeconds * 1000L);
    double after = measure();
    out.printf(Locale.ROOT, "  baseline again (after every pipeline stopped): %.2f %%%n", after);
    out.printf(Locale.ROOT, "%n| pipeline (depth %d, idle) | process CPU, %% of one core | minus baseline (%.2f %%) | how it "
        + "stopped |%n|---|---:|---:|---|%n", depth, before);
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %s |%n", r.name(), r.percent(), r.percent() - before + 0.0, r.end());
    }
    return ok;
  }

  /** Process CPU time over wall time for one window, in % of one core. */
  private double measure() throws InterruptedException {
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    Thread.sleep(o.windowSeconds * 1000L);
    long cpu1 = os.getProcessCpuTime();
    long wall1 = System.nanoTime();
    return 100.0 * (cpu1 - cpu0) / (wall1 - wall0);
  }
}

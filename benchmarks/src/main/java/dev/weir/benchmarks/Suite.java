package dev.weir.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --suite smoke|full}: every workload of {@code docs/benchmarks.md} in one JVM, contenders
 * interleaved with rotation (see {@link PipelineBenchmark}), medians of the measured runs after
 * warm-up, each figure also a CSV row {@code workload,impl,metric,value}. A contender that fails
 * or delivers a wrong result gets no row and makes the suite exit non-zero.
 */
final class Suite {

  /** The workloads, in the order a suite runs them ({@code --workloads} picks some). */
  static final List<String> WORKLOADS = List.of("pipeline", "disk", "kafka", "latency", "idle", "alloc", "startup", "keyed",
      "replay", "endless");

  /** How big each workload runs. */
  record Sizes(String name, List<Integer> depths, long events, int runs, int warmups, long diskEvents,
      List<Integer> diskDepths, List<String> diskPolicies, int latencySeconds, int latencyRate, List<Integer> idleDepths,
      int idleWindowSeconds, long allocEvents, List<Integer> startupStages, boolean keyed, long keyedEvents,
      boolean replay, int endlessSeconds) {

    static Sizes of(String name) {
      return switch (name) {
        case "smoke" -> new Sizes("smoke", List.of(5), 2_000_000, 3, 1, 1_000_000, List.of(5), List.of("batch"), 10,
            10_000, List.of(100), 10, 4_000_000, List.of(100), false, 0, false, 60);
        case "full" -> new Sizes("full", List.of(1, 3, 5, 10, 20), 2_000_000, 3, 1, 1_000_000, List.of(1, 3, 5),
            List.of("none", "batch", "batch+hmac"), 30, 10_000, List.of(10, 100), 10, 4_000_000, List.of(10, 100), true,
            3_000_000, true, 180);
        case "tiny" -> new Sizes("tiny", List.of(5), 5_000, 1, 0, 2_000, List.of(5), List.of("batch"), 1, 2_000,
            List.of(100), 1, 20_000, List.of(100), false, 0, false, 3);
        default -> throw new IllegalArgumentException("no suite '" + name + "': smoke or full");
      };
    }
  }

  private final Sizes sizes;
  private final Options base;
  private final PrintStream out;
  private final List<String> rows = new ArrayList<>();
  private boolean ok = true;

  Suite(Sizes sizes, Options base, PrintStream out) {
    this.sizes = sizes;
    this.base = base;
    this.out = out;
  }

  /** The CSV rows so far, header first. */
  List<String> rows() {
    List<String> all = new ArrayList<>();
    all.add("workload,impl,metric,value");
    all.addAll(rows);
    return all;
  }

  private void row(String workload, String impl, String metric, double value) {
    rows.add(workload + "," + impl + "," + metric + "," + String.format(Locale.ROOT, "%.4f", value));
  }

  private void failed(String what, Throwable e) {
    ok = false;
    out.printf(Locale.ROOT, "SKIP %s: %s: %s%n", what, e.getClass().getSimpleName(), e.getMessage());
  }

  boolean run() throws Exception {
    long began = System.nanoTime();
    out.printf(Locale.ROOT, "%n#### suite %s: in-JVM, contenders interleaved with rotation, median of %d runs after %d "
        + "warm-up(s)%n", sizes.name(), sizes.runs(), sizes.warmups());
    if (wanted("pipeline")) {
      pipeline();
    }
    if (wanted("kafka")) {
      kafka();
    }
    if (wanted("disk")) {
      disk();
    }
    if (wanted("latency")) {
      latency();
    }
    if (wanted("idle")) {
      idle();
    }
    if (wanted("alloc")) {
      allocation();
    }
    if (wanted("startup")) {
      startup();
    }
    if (sizes.keyed() && wanted("keyed")) {
      keyed();
    }
    if (sizes.replay() && wanted("replay")) {
      replay();
    }
    if (wanted("endless")) {
      endless();
    }
    out.printf(Locale.ROOT, "%n#### suite %s took %.1f s%n", sizes.name(), (System.nanoTime() - began) / 1e9);
    write();
    return ok;
  }

  private boolean wanted(String workload) {
    return base.workloads == null || base.workloads.contains(workload);
  }

  private void write() throws IOException {
    List<String> all = rows();
    out.println();
    all.forEach(out::println);
    if (base.csv != null) {
      Path parent = base.csv.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(base.csv, all);
      out.println("wrote " + all.size() + " lines to " + base.csv);
    }
  }

  private void pipeline() throws Exception {
    Options o = Options.parse("--impls", "weir,raw-rings,abq,reactor,rxjava,pekko,flink,kstreams",
        "--wait", "yielding,blocking", "--events", Long.toString(sizes.events()), "--runs",
        Integer.toString(sizes.runs()), "--warmups", Integer.toString(sizes.warmups()), "--depths",
        String.join(",", sizes.depths().stream().map(String::valueOf).toList()));
    PipelineBenchmark bench = new PipelineBenchmark();
    ok &= bench.throughput(o);
    for (Map.Entry<Integer, List<PipelineBenchmark.Series>> e : bench.results.entrySet()) {
      for (PipelineBenchmark.Series s : e.getValue()) {
        if (!s.rates.isEmpty()) {
          row("pipeline-d" + e.getKey(), s.chain.name(), "median_eps", s.median());
        }
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** The disk workload's chain on Kafka journals, against a broker started in this JVM for the workload. */
  private void kafka() throws Exception {
    long events = Math.max(1_000, sizes.diskEvents() / 5);
    out.printf(Locale.ROOT, "%n== Kafka journals, a single-node broker in this JVM: %,d events, median of %d runs after %d"
        + " warm-up(s) ==%n", events, sizes.runs(), sizes.warmups());
    try (dev.weir.kafka.KafkaBroker broker = dev.weir.kafka.KafkaBroker.start()) {
      for (int depth : sizes.diskDepths()) {
        String workload = "kafka-d" + depth;
        try {
          double[] weir = new double[sizes.runs()];
          double[] perStage = new double[sizes.runs()];
          for (int r = -sizes.warmups(); r < sizes.runs(); r++) {
            double w = KafkaJournalBenchmark.weir(broker.bootstrap(), depth, events, 0);
            double p = KafkaJournalBenchmark.weir(broker.bootstrap(), depth, events, Integer.MAX_VALUE);
            if (r >= 0) {
              weir[r] = w;
              perStage[r] = p;
            }
          }
          row(workload, "weir", "median_eps", median(weir));
          row(workload, "weir/thread-per-stage", "median_eps", median(perStage));
          out.printf(Locale.ROOT, "  %-22s weir %,12.0f ev/s; with a thread per stage %,12.0f ev/s%n", workload,
              median(weir), median(perStage));
        } catch (Throwable e) {
          failed(workload, e);
        }
      }
    } catch (Throwable e) {
      failed("kafka (the broker)", e);
    }
  }

  private void disk() throws Exception {
    Path root = Files.createDirectories(base.journalDir);
    out.printf(Locale.ROOT, "%n== disk journals in %s: %,d events, median of %d runs after %d warm-up(s) ==%n", root,
        sizes.diskEvents(), sizes.runs(), sizes.warmups());
    for (String policy : sizes.diskPolicies()) {
      for (int depth : sizes.diskDepths()) {
        String workload = "disk-" + policy.replace("+", "-") + "-d" + depth;
        try {
          double[] weir = new double[sizes.runs()];
          double[] perStage = new double[sizes.runs()];
          double[] limit = new double[sizes.runs()];
          for (int r = -sizes.warmups(); r < sizes.runs(); r++) {
            double w = JournalBenchmark.weir(root, depth, sizes.diskEvents(), policy, 0);
            JournalBenchmark.clean(root);
            double p = JournalBenchmark.weir(root, depth, sizes.diskEvents(), policy, Integer.MAX_VALUE);
            JournalBenchmark.clean(root);
            double l = policy.startsWith("batch") ? JournalBenchmark.appendSyncLimit(root, sizes.diskEvents(), 512) : 0;
            JournalBenchmark.clean(root);
            if (r >= 0) {
              weir[r] = w;
              perStage[r] = p;
              limit[r] = l;
            }
          }
          row(workload, "weir", "median_eps", median(weir));
          row(workload, "weir/thread-per-stage", "median_eps", median(perStage));
          out.printf(Locale.ROOT, "  %-22s weir %,12.0f ev/s; with a thread per stage %,12.0f ev/s%n", workload,
              median(weir), median(perStage));
          if (policy.startsWith("batch")) {
            row(workload, "journal-limit", "median_eps", median(limit));
            out.printf(Locale.ROOT, "  %-22s one writer, append + fdatasync per 512 records: %,12.0f records/s%n",
                workload, median(limit));
          }
        } catch (Throwable e) {
          failed(workload, e);
        }
      }
    }
  }

  private void latency() {
    String workload = "latency-d3-" + (sizes.latencyRate() / 1000) + "k";
    try {
      FixedRateLatency.Result r = FixedRateLatency.weir(3, sizes.latencyRate(), sizes.latencySeconds());
      out.printf(Locale.ROOT, "%n== %s: %s ==%n", workload, r);
      row(workload, "weir", "p50_us", r.p50Micros());
      row(workload, "weir", "p99_us", r.p99Micros());
      row(workload, "weir", "p999_us", r.p999Micros());
      row(workload, "weir", "max_us", r.maxMicros());
    } catch (Throwable e) {
      failed(workload, e);
    }
  }

  private void idle() {
    for (int depth : sizes.idleDepths()) {
      String workload = "idle-d" + depth;
      try {
        ThreadCpu.IdleResult r = ThreadCpu.idleWeir(depth, 2, sizes.idleWindowSeconds());
        out.printf(Locale.ROOT, "%n== %s: %s ==%n", workload, r);
        row(workload, "weir", "cpu_pct", r.weirThreadsPercent());
        row(workload, "weir", "process_cpu_pct", r.processPercent());
      } catch (Throwable e) {
        failed(workload, e);
      }
    }
  }

  /** The endless flow on the default memory journals, in a 256 MB heap of its own. */
  private void endless() {
    String workload = "endless-d5-256m";
    try {
      EndlessHeap.Result r = EndlessHeap.run(sizes.endlessSeconds());
      out.printf(Locale.ROOT, "%n== %s: %s ==%n", workload, r);
      row(workload, "weir", "seconds", r.seconds());
      row(workload, "weir", "events", r.events());
      row(workload, "weir", "max_heap_after_gc_mb", r.maxHeapAfterGcMb());
    } catch (Throwable e) {
      failed(workload, e);
    }
  }

  private void allocation() {
    try {
      AllocationPerEvent.Result r = AllocationPerEvent.weir(5, sizes.allocEvents());
      out.printf(Locale.ROOT, "%n== alloc-d5: %s ==%n", r);
      row("alloc-d5", "weir", "bytes_per_event", r.beyondPayload());
      row("alloc-d5", "weir", "total_bytes_per_event", r.total());
      row("alloc-d5", "weir", "payload_bytes_per_event", r.payload());
    } catch (Throwable e) {
      failed("alloc-d5", e);
    }
  }

  private void startup() {
    for (int stages : sizes.startupStages()) {
      String workload = "startup-" + stages;
      try {
        double[] secs = new double[Math.max(3, sizes.runs())];
        for (int r = -1; r < secs.length; r++) {
          double s = StartupTime.weir(stages);
          if (r >= 0) {
            secs[r] = s;
          }
        }
        out.printf(Locale.ROOT, "%n== %s: to RUNNING in %s s, median %.3f s (each run then completed) ==%n", workload,
            Arrays.toString(secs), median(secs));
        row(workload, "weir", "seconds", median(secs));
      } catch (Throwable e) {
        failed(workload, e);
      }
    }
  }

  private void keyed() {
    try {
      long n = sizes.keyedEvents();
      double[][] v = new double[4][sizes.runs()];
      for (int r = -sizes.warmups(); r < sizes.runs(); r++) {
        double[] x = {KeyedBenchmark.weirGroupBy(n), KeyedBenchmark.rawGroupBy(n), KeyedBenchmark.weirJoin(n),
            KeyedBenchmark.rawJoin(n)};
        if (r >= 0) {
          for (int k = 0; k < 4; k++) {
            v[k][r] = x[k];
          }
        }
      }
      row("groupby-10k", "weir", "median_eps", median(v[0]));
      row("groupby-10k", "raw-rings/yielding", "median_eps", median(v[1]));
      row("join-10k", "weir", "median_eps", median(v[2]));
      row("join-10k", "raw-rings/yielding", "median_eps", median(v[3]));
      var zipf = KeyedBenchmark.zipf(1_000_000);
      double[][] z = new double[3][sizes.runs()];
      for (int r = -sizes.warmups(); r < sizes.runs(); r++) {
        double[] x = {KeyedBenchmark.weirGroupBy(n, zipf), KeyedBenchmark.rawGroupBy(n, zipf), DiamondWorkload.weir(n)};
        if (r >= 0) {
          for (int k = 0; k < 3; k++) {
            z[k][r] = x[k];
          }
        }
      }
      row("groupby-1m-zipf", "weir", "median_eps", median(z[0]));
      row("groupby-1m-zipf", "raw-rings/yielding", "median_eps", median(z[1]));
      row("diamond", "weir", "median_eps", median(z[2]));
      out.printf(Locale.ROOT, "== group-by 1M Zipf keys weir %,.0f raw %,.0f ev/s; diamond weir %,.0f source ev/s ==%n",
          median(z[0]), median(z[1]), median(z[2]));
      out.printf(Locale.ROOT, "%n== keyed: group-by 10k weir %,.0f raw %,.0f; join 10k weir %,.0f raw %,.0f ev/s ==%n",
          median(v[0]), median(v[1]), median(v[2]), median(v[3]));
    } catch (Throwable e) {
      failed("keyed", e);
    }
  }

  private void replay() {
    try {
      Path root = Files.createDirectories(base.journalDir);
      out.printf(Locale.ROOT, "%n== replay read and recovery (printed only) ==%n");
      JournalBenchmark.replayRead(root, 2 * sizes.diskEvents());
      JournalBenchmark.clean(root);
      JournalBenchmark.recovery(root, 1024);
      JournalBenchmark.clean(root);
    } catch (Throwable e) {
      failed("replay", e);
    }
  }
}

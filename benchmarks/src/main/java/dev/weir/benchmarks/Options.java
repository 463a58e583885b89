package dev.weir.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Command-line options of {@link PipelineBenchmark}. */
final class Options {

  static final String USAGE = """
      usage: java -Xms8g -Xmx8g -jar benchmarks/target/weir-benchmarks.jar [options]

      Throughput (default): for each depth, runs every implementation side by side, interleaved
      (warm-ups discarded, then --runs measured rounds in rotating order), and prints events/s
      (best and median), Weir's ratios to each peer, and an end-to-end latency sample.
        --depths 1,3,5,10        map stages between source and sink
        --events N               events per run (default 3000000); memory journals keep them all,
                                 so depth 10 needs roughly 1 GiB of heap per million events
        --runs N                 measured runs per implementation and depth (default 3)
        --warmups N              discarded runs per implementation and depth first (default 1)
        --impls LIST             of weir, weir-metered, raw-rings, raw-1ring, abq, reactor, rxjava,
                                 pekko, flink, kstreams (default: weir, raw-rings, raw-1ring, abq;
                                 weir-metered is Weir with a Prometheus registry metering the run)
        --wait LIST              wait strategies of the ring-per-stage raw peer: yielding,
                                 blocking, liteblocking, sleeping, busyspin (default
                                 yielding,blocking)
        --wait-1ring LIST        wait strategies of the one-ring raw peer (default yielding;
                                 blocking is pathological with more threads than cores: its
                                 handlers busy-spin on the handler before them)
        --ring N                 ring size / queue capacity / Weir bufferSize (default 1024)
        --retain N               Weir: Journals.memory(N) instead of Journals.memory() (keeps
                                 about the newest N records per journal)
        --sample N               one latency sample per N events, a power of two (default 1024)
        --timeout S              seconds a run may take before it is abandoned (default 300)
      Suites (every workload of docs/benchmarks.md, figures also written as CSV):
        --suite smoke|full       smoke: a subset in minutes; full: every workload and contender;
                                 the suite sets its own sizes: only --csv, --journal-dir
                                 and --workloads apply
        --csv FILE               write one row per figure: workload,impl,metric,value
        --workloads LIST         run only these of the suite's workloads: pipeline, disk,
                                 latency, idle, alloc, startup, keyed, replay, endless
                                 (default: all the suite has)
        --journal-dir DIR        where the disk workloads write (default target/bench-journals)
      Idle CPU:
        --idle                   measure idle CPU only (no throughput runs)
        --with-idle              throughput runs, then the idle measurements
        --idle-depth N           depth of the idle pipelines (default 10)
        --settle S               seconds between start and measuring (default 2)
        --window S               seconds measured per pipeline (default 10)
        --help
      """;

  private static final Set<String> VALUED = Set.of("--depths", "--events", "--runs", "--warmups", "--impls", "--wait",
      "--wait-1ring", "--ring", "--retain", "--sample", "--timeout", "--idle-depth", "--settle", "--window", "--suite", "--csv", "--journal-dir",
      "--workloads");

  /** Every implementation --impls accepts. */
  static final List<String> IMPLS = List.of("weir", "weir-metered", "raw-rings", "raw-1ring", "abq", "reactor", "rxjava",
      "pekko", "flink", "kstreams");

  List<Integer> depths = List.of(1, 3, 5, 10);
  long events = 3_000_000;
  int runs = 3;
  int warmups = 1;
  Set<String> impls = new LinkedHashSet<>(List.of("weir", "raw-rings", "raw-1ring", "abq"));
  List<WaitKind> waits = List.of(WaitKind.YIELDING, WaitKind.BLOCKING);
  List<WaitKind> waitsOneRing = List.of(WaitKind.YIELDING);
  int ring = 1024;
  long retain = -1;
  int sample = 1024;
  long timeoutSeconds = 300;
  boolean throughput = true;
  boolean idle;
  int idleDepth = 10;
  int settleSeconds = 2;
  int windowSeconds = 10;
  boolean help;
  String suite;
  java.nio.file.Path csv;
  /** The suite's workloads to run; null for all of them. */
  java.util.Set<String> workloads;
  java.nio.file.Path journalDir = java.nio.file.Path.of("target", "bench-journals");

  static Options parse(String... args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        v = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "--help", "-h" -> o.help = true;
        case "--idle" -> {
          o.idle = true;
          o.throughput = false;
        }
        case "--with-idle" -> {
          o.idle = true;
          o.throughput = true;
        }
        default -> {
          if (!VALUED.contains(a)) {
            throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
          }
          if (v == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("option " + a + " needs a value\n" + USAGE);
            }
            v = args[++i];
          }
          o.set(a, v);
        }
      }
    }
    o.check();
    return o;
  }

  private void set(String name, String v) {
    switch (name) {
      case "--depths" -> depths = Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
      case "--events" -> events = parseCount(v);
      case "--runs" -> runs = Integer.parseInt(v);
      case "--warmups" -> warmups = Integer.parseInt(v);
      case "--impls" -> {
        impls = new LinkedHashSet<>();
        for (String s : v.split(",")) {
          String t = s.trim().toLowerCase(Locale.ROOT);
          if (!IMPLS.contains(t)) {
            throw new IllegalArgumentException("unknown implementation '" + s + "'; one of " + String.join(", ", IMPLS));
          }
          impls.add(t);
        }
      }
      case "--wait" -> waits = parseWaits(v);
      case "--wait-1ring" -> waitsOneRing = parseWaits(v);
      case "--ring" -> ring = Integer.parseInt(v);
      case "--retain" -> retain = parseCount(v);
      case "--sample" -> sample = Integer.parseInt(v);
      case "--timeout" -> timeoutSeconds = Long.parseLong(v);
      case "--idle-depth" -> idleDepth = Integer.parseInt(v);
      case "--settle" -> settleSeconds = Integer.parseInt(v);
      case "--window" -> windowSeconds = Integer.parseInt(v);
      case "--suite" -> {
        suite = v.trim().toLowerCase(Locale.ROOT);
        if (!List.of("smoke", "full").contains(suite)) {
          throw new IllegalArgumentException("--suite is smoke or full, got '" + v + "'");
        }
      }
      case "--csv" -> csv = java.nio.file.Path.of(v);
      case "--workloads" -> {
        workloads = new java.util.LinkedHashSet<>();
        for (String w : v.split(",")) {
          String workload = w.trim().toLowerCase(Locale.ROOT);
          if (!Suite.WORKLOADS.contains(workload)) {
            throw new IllegalArgumentException("--workloads: no workload '" + w.trim() + "'; the suite's are "
                + String.join(", ", Suite.WORKLOADS));
          }
          workloads.add(workload);
        }
      }
      case "--journal-dir" -> journalDir = java.nio.file.Path.of(v);
      default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
    }
  }

  private static List<WaitKind> parseWaits(String v) {
    List<WaitKind> w = new ArrayList<>();
    for (String s : v.split(",")) {
      w.add(WaitKind.parse(s));
    }
    if (w.isEmpty()) {
      throw new IllegalArgumentException("a wait strategy list needs at least one strategy");
    }
    return List.copyOf(w);
  }

  /** {@code 5000000}, {@code 5_000_000}, {@code 5m} or {@code 500k}. */
  static long parseCount(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT).replace("_", "");
    long mult = 1;
    if (t.endsWith("k")) {
      mult = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mult = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    return Long.parseLong(t) * mult;
  }

  private void check() {
    if (help) {
      return;
    }
    for (int d : depths) {
      if (d < 1) {
        throw new IllegalArgumentException("depths must be >= 1, got " + d);
      }
    }
    if (events < 1 || runs < 1 || warmups < 0 || timeoutSeconds < 1) {
      throw new IllegalArgumentException("need --events >= 1, --runs >= 1, --warmups >= 0, --timeout >= 1");
    }
    if (ring < 2 || Integer.bitCount(ring) != 1) {
      throw new IllegalArgumentException("--ring must be a power of two >= 2, got " + ring);
    }
    if (sample < 1 || Integer.bitCount(sample) != 1) {
      throw new IllegalArgumentException("--sample must be a power of two, got " + sample);
    }
    if (idleDepth < 1 || settleSeconds < 0 || windowSeconds < 1) {
      throw new IllegalArgumentException("need --idle-depth >= 1, --settle >= 0, --window >= 1");
    }
  }
}

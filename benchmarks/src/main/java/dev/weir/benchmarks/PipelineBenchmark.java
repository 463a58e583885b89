package dev.weir.benchmarks;

import dev.weir.flow.Journals;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * End-to-end harness: a depth-D map pipeline (source → D × {@code x -> x + 1} → counting sink) on
 * Weir and on its peers (raw Disruptor chains, an {@code ArrayBlockingQueue} chain), side by side
 * in one JVM, interleaved per depth; and an idle-CPU mode. Every run's sink count and sum are
 * checked against the exact expected figures. See {@code docs/benchmarks.md}.
 */
public final class PipelineBenchmark {

  private static final PrintStream OUT = System.out;

  PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (o.help) {
      OUT.print(Options.USAGE);
      return;
    }
    printMachine(args);
    if (o.suite != null) {
      System.exit(new Suite(Suite.Sizes.of(o.suite), o, OUT).run() ? 0 : 1);
      return;
    }
    long began = System.nanoTime();
    boolean ok = true;
    if (o.throughput) {
      ok = new PipelineBenchmark().throughput(o);
    }
    if (o.idle) {
      ok &= new IdleCpu(o, OUT).run();
    }
    OUT.printf(Locale.ROOT, "%ntotal wall time: %.1f s%s%n", (System.nanoTime() - began) / 1e9,
        ok ? "" : " (some implementation failed or was skipped: see the lines starting with SKIP)");
    System.exit(ok ? 0 : 1);
  }

  private static void printMachine(String[] args) {
    Runtime rt = Runtime.getRuntime();
    OUT.printf(Locale.ROOT, "weir pipeline benchmark%n  args: %s%n  java: %s %s (%s), %s%n  cpus: %d, max heap: %d MiB, "
            + "os: %s %s, load average at start: %.2f%n  jvm args: %s%n",
        String.join(" ", args), System.getProperty("java.vendor"), System.getProperty("java.version"),
        System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), rt.availableProcessors(),
        rt.maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("os.version"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** The implementations to run, in table order. */
  static List<Chain> chains(Options o) {
    List<Chain> chains = new ArrayList<>();
    if (o.impls.contains("weir")) {
      chains.add(new WeirChain(o.ring, journals(o), WeirChain.IdleSourceKind.BLOCKING));
    }
    if (o.impls.contains("weir-metered")) {
      chains.add(new WeirChain(o.ring, journals(o), WeirChain.IdleSourceKind.BLOCKING, true));
    }
    if (o.impls.contains("raw-rings")) {
      for (WaitKind w : o.waits) {
        chains.add(new RawRingsChain(w, o.ring));
      }
    }
    if (o.impls.contains("raw-1ring")) {
      for (WaitKind w : o.waitsOneRing) {
        chains.add(new RawOneRingChain(w, o.ring));
      }
    }
    if (o.impls.contains("abq")) {
      chains.add(new AbqChain(o.ring));
    }
    if (o.impls.contains("reactor")) {
      chains.add(new ReactorChain());
    }
    if (o.impls.contains("rxjava")) {
      chains.add(new RxJavaChain());
    }
    if (o.impls.contains("pekko")) {
      chains.add(new PekkoChain());
    }
    if (o.impls.contains("flink")) {
      chains.add(new FlinkChain());
    }
    if (o.impls.contains("kstreams")) {
      chains.add(new KafkaStreamsChain());
    }
    return chains;
  }

  static Supplier<Journals> journals(Options o) {
    long retain = o.retain;
    return retain > 0 ? () -> Journals.memory(retain) : Journals::memory;
  }

  /** What one implementation did at one depth. */
  static final class Series {
    final Chain chain;
    final List<Double> rates = new ArrayList<>();
    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    String skipped;

    Series(Chain chain) {
      this.chain = chain;
    }

    double best() {
      return rates.isEmpty() ? Double.NaN : Collections.max(rates);
    }

    double median() {
      if (rates.isEmpty()) {
        return Double.NaN;
      }
      List<Double> s = new ArrayList<>(rates);
      Collections.sort(s);
      int m = s.size() / 2;
      return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }
  }

  /** One measured run. */
  record Outcome(double eventsPerSecond, long nanos, Histogram latency) {}

  /**
   * Runs one pipeline to its end and checks it: the sink's count and sum must be exact, and the
   * implementation must agree it ended well. Timed from the moment the source handed over its first
   * event to the moment the sink received the last one, so a framework's start-up (an actor system,
   * a mini cluster, Weir's materialization) is not counted against its throughput.
   */
  static Outcome runOnce(Chain chain, int depth, long events, int sample, long timeoutSeconds) throws Exception {
    Tally tally = new Tally(events, depth, sample);
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    Chain.Run run = chain.start(depth, tally, false);
    long elapsed;
    try {
      if (!tally.awaitLast(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new TimeoutException("the sink had not received " + events + " events after " + timeoutSeconds
            + " s (it had about " + tally.count + ")");
      }
      long first = tally.firstNanos();
      elapsed = tally.lastNanos() - (first != 0 ? first : t0);
      run.finish(Math.max(1_000, (deadline - System.nanoTime()) / 1_000_000));
    } finally {
      run.close();
    }
    long expectedSum = Tally.expectedSum(events, depth);
    if (tally.count != events || tally.sum != expectedSum) {
      throw new IllegalStateException("wrong result: the sink saw count=" + tally.count + " sum=" + tally.sum
          + ", expected count=" + events + " sum=" + expectedSum);
    }
    return new Outcome(events / (elapsed / 1e9), elapsed, tally.latency());
  }

  boolean throughput(Options o) throws InterruptedException {
    List<Chain> chains = chains(o);
    Map<Integer, List<Series>> all = new LinkedHashMap<>();
    boolean ok = true;
    for (int depth : o.depths) {
      OUT.printf(Locale.ROOT, "%n== depth %d: %,d events per run, %d warm-up + %d measured runs per implementation, "
          + "interleaved ==%n", depth, o.events, o.warmups, o.runs);
      List<Series> series = new ArrayList<>();
      for (Chain c : chains) {
        series.add(new Series(c));
      }
      for (int round = 0; round < o.warmups + o.runs; round++) {
        boolean warm = round < o.warmups;
        for (int k = 0; k < series.size(); k++) {
          Series s = series.get((k + round) % series.size());
          if (s.skipped != null) {
            continue;
          }
          settle();
          try {
            Outcome r = runOnce(s.chain, depth, o.events, o.sample, o.timeoutSeconds);
            OUT.printf(Locale.ROOT, "  %-9s %-20s %,13.0f ev/s  (%.2f s, latency p50 %s)%n",
                warm ? "warm-up" : "run " + (round - o.warmups + 1), s.chain.name(), r.eventsPerSecond(),
                r.nanos() / 1e9, micros(r.latency().getValueAtPercentile(50)));
            if (!warm) {
              s.rates.add(r.eventsPerSecond());
              s.latency.add(r.latency());
            }
          } catch (Throwable e) {
            s.skipped = e.getClass().getSimpleName() + ": " + e.getMessage();
            ok = false;
            OUT.printf(Locale.ROOT, "SKIP %s at depth %d: %s%n", s.chain.name(), depth, s.skipped);
          }
        }
      }
      printDepth(depth, o, series);
      all.put(depth, series);
    }
    printSummary(o, all);
    results = all;
    return ok;
  }

  /** What the last {@link #throughput} measured, per depth. */
  Map<Integer, List<Series>> results = Map.of();

  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
  }

  private static void printDepth(int depth, Options o, List<Series> series) {
    OUT.printf(Locale.ROOT, "%n  depth %d  %-20s %15s %15s   %s%n", depth, "implementation", "best ev/s",
        "median ev/s", "latency p50 / p99 / max (µs, sampled 1 in " + o.sample + ")");
    for (Series s : series) {
      if (s.rates.isEmpty()) {
        OUT.printf(Locale.ROOT, "           %-20s skipped: %s%n", s.chain.name(), s.skipped);
        continue;
      }
      OUT.printf(Locale.ROOT, "           %-20s %,15.0f %,15.0f   %s / %s / %s%n", s.chain.name(), s.best(),
          s.median(), micros(s.latency.getValueAtPercentile(50)), micros(s.latency.getValueAtPercentile(99)),
          micros(s.latency.getMaxValue()));
    }
    Series weir = find(series, "weir");
    if (weir != null && !weir.rates.isEmpty()) {
      for (Series s : series) {
        if (s != weir && !s.rates.isEmpty()) {
          OUT.printf(Locale.ROOT, "           weir / %-20s best %.2fx  median %.2fx%n", s.chain.name(),
              weir.best() / s.best(), weir.median() / s.median());
        }
      }
    }
  }

  private static Series find(List<Series> series, String name) {
    for (Series s : series) {
      if (s.chain.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** Markdown tables, ready for docs/benchmarks.md. */
  private static void printSummary(Options o, Map<Integer, List<Series>> all) {
    if (all.isEmpty()) {
      return;
    }
    List<String> names = all.values().iterator().next().stream().map(s -> s.chain.name()).toList();
    OUT.printf(Locale.ROOT, "%n== summary: million events/s, median (best) of %d runs, %,d events per run ==%n%n",
        o.runs, o.events);
    StringBuilder head = new StringBuilder("| depth |");
    StringBuilder rule = new StringBuilder("|---:|");
    for (String n : names) {
      head.append(' ').append(n).append(" |");
      rule.append("---:|");
    }
    OUT.println(head);
    OUT.println(rule);
    for (Map.Entry<Integer, List<Series>> e : all.entrySet()) {
      StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
      for (Series s : e.getValue()) {
        row.append(' ').append(s.rates.isEmpty() ? "skipped"
            : String.format(Locale.ROOT, "%.2f (%.2f)", s.median() / 1e6, s.best() / 1e6)).append(" |");
      }
      OUT.println(row);
    }
    if (!names.contains("weir") || names.size() < 2) {
      return;
    }
    OUT.printf(Locale.ROOT, "%n== Weir / peer, median (best) ==%n%n");
    head = new StringBuilder("| depth |");
    rule = new StringBuilder("|---:|");
    for (String n : names) {
      if (!n.equals("weir")) {
        head.append(" weir / ").append(n).append(" |");
        rule.append("---:|");
      }
    }
    OUT.println(head);
    OUT.println(rule);
    for (Map.Entry<Integer, List<Series>> e : all.entrySet()) {
      Series weir = find(e.getValue(), "weir");
      StringBuilder row = new StringBuilder("| " + e.getKey() + " |");
      for (Series s : e.getValue()) {
        if (s == weir) {
          continue;
        }
        row.append(' ').append(weir == null || weir.rates.isEmpty() || s.rates.isEmpty() ? "n/a"
            : String.format(Locale.ROOT, "%.2f (%.2f)", weir.median() / s.median(), weir.best() / s.best()))
            .append(" |");
      }
      OUT.println(row);
    }
  }

  static String micros(double nanos) {
    double us = nanos / 1e3;
    return us >= 100 ? String.format(Locale.ROOT, "%,.0f", us) : String.format(Locale.ROOT, "%.1f", us);
  }
}

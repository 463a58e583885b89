package dev.weir.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a suite's CSV into the Markdown tables of {@code docs/benchmarks.md}: the pipeline table
 * (million events/s per depth and contender, and Weir's ratio to each), every other figure, and
 * the targets with a verdict computed from the figures.
 *
 * <pre>java -cp benchmarks/target/weir-benchmarks.jar dev.weir.benchmarks.CsvTable benchmarks/results/suite/smoke.csv</pre>
 */
public final class CsvTable {

  private CsvTable() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: CsvTable FILE.csv");
      System.exit(2);
    }
    System.out.print(render(Files.readAllLines(Path.of(args[0]))));
  }

  /** The Markdown for the CSV's lines (header first). */
  static String render(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).equals("workload,impl,metric,value")) {
      throw new IllegalArgumentException("not a suite CSV: the first line must be workload,impl,metric,value");
    }
    Map<String, Double> v = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length != 4) {
        throw new IllegalArgumentException("line '" + line + "' does not have 4 fields");
      }
      v.put(f[0] + "," + f[1] + "," + f[2], Double.parseDouble(f[3]));
    }
    StringBuilder out = new StringBuilder();
    Set<String> depths = new LinkedHashSet<>();
    Set<String> impls = new LinkedHashSet<>();
    for (String k : v.keySet()) {
      String[] f = k.split(",");
      if (f[0].startsWith("pipeline-d") && f[2].equals("median_eps")) {
        depths.add(f[0].substring("pipeline-d".length()));
        impls.add(f[1]);
      }
    }
    if (!depths.isEmpty()) {
      out.append("| depth |");
      impls.forEach(i -> out.append(' ').append(i).append(" |"));
      out.append("\n|---:|").append("---:|".repeat(impls.size())).append('\n');
      for (String d : depths) {
        out.append("| ").append(d).append(" |");
        for (String i : impls) {
          Double x = v.get("pipeline-d" + d + "," + i + ",median_eps");
          out.append(' ').append(x == null ? "failed" : String.format(Locale.ROOT, "%.2f", x / 1e6)).append(" |");
        }
        out.append('\n');
      }
      out.append("\nWeir / each contender (median events/s):\n\n| depth |");
      impls.stream().filter(i -> !i.equals("weir")).forEach(i -> out.append(" weir / ").append(i).append(" |"));
      out.append("\n|---:|").append("---:|".repeat(impls.size() - 1)).append('\n');
      for (String d : depths) {
        out.append("| ").append(d).append(" |");
        Double w = v.get("pipeline-d" + d + ",weir,median_eps");
        for (String i : impls) {
          if (!i.equals("weir")) {
            Double x = v.get("pipeline-d" + d + "," + i + ",median_eps");
            out.append(' ').append(w == null || x == null ? "n/a" : String.format(Locale.ROOT, "%.2f", w / x)).append(" |");
          }
        }
        out.append('\n');
      }
      out.append('\n');
    }
    out.append("| workload | impl | metric | value |\n|---|---|---|---:|\n");
    for (Map.Entry<String, Double> e : v.entrySet()) {
      if (!e.getKey().startsWith("pipeline-d")) {
        String[] f = e.getKey().split(",");
        out.append("| ").append(f[0]).append(" | ").append(f[1]).append(" | ").append(f[2]).append(" | ")
            .append(String.format(Locale.ROOT, e.getValue() >= 1000 ? "%,.0f" : "%.2f", e.getValue())).append(" |\n");
      }
    }
    out.append('\n').append(targets(v));
    return out.toString();
  }

  private static String targets(Map<String, Double> v) {
    List<String[]> rows = new ArrayList<>();
    Double weir = v.get("pipeline-d5,weir,median_eps");
    for (String peer : List.of("abq", "reactor", "rxjava", "pekko", "flink", "kstreams")) {
      rows.add(ratio("depth 5, memory: weir ≥ 1.5 × " + peer, weir, v.get("pipeline-d5," + peer + ",median_eps"), 1.5));
    }
    rows.add(ratio("depth 5, memory: weir ≥ 0.5 × raw-rings/yielding", weir,
        v.get("pipeline-d5,raw-rings/yielding,median_eps"), 0.5));
    Double disk = v.get("disk-batch-d5,weir,median_eps");
    Double limit = v.get("disk-batch-d5,journal-limit,median_eps");
    rows.add(at("depth 5, disk, batch: ≥ 1.0 M events/s", disk, 1e6, true,
        disk == null ? "" : String.format(Locale.ROOT, "%.2f M events/s%s", disk / 1e6, limit == null ? ""
            : String.format(Locale.ROOT, "; the journaled limit %.2f M records/s, so %.0f %% of it", limit / 1e6,
                100 * disk / limit))));
    Double p99 = v.get("latency-d3-10k,weir,p99_us");
    rows.add(at("latency depth 3, 10 k ev/s: p99 ≤ 250 µs", p99, 250, false,
        p99 == null ? "" : String.format(Locale.ROOT, "p99 %.0f µs", p99)));
    Double idle = v.get("idle-d100,weir,cpu_pct");
    rows.add(at("idle, depth 100: ≤ 1 % of one core", idle, 1, false,
        idle == null ? "" : String.format(Locale.ROOT, "%.2f %% (Weir's threads)", idle)));
    Double alloc = v.get("alloc-d5,weir,bytes_per_event");
    rows.add(at("allocation, depth 5: ≤ 64 bytes/event beyond the payload", alloc, 64, false,
        alloc == null ? "" : String.format(Locale.ROOT, "%.0f bytes/event", alloc)));
    Double start = v.get("startup-100,weir,seconds");
    rows.add(at("start of 100 stages: < 2 s to RUNNING, completes", start, 2, false,
        start == null ? "" : String.format(Locale.ROOT, "%.3f s", start)));
    Double heap = v.get("endless-d5-256m,weir,max_heap_after_gc_mb");
    Double endlessSeconds = v.get("endless-d5-256m,weir,seconds");
    Double endlessEvents = v.get("endless-d5-256m,weir,events");
    rows.add(at("endless flow, default memory journals: heap bounded in -Xmx256m", heap, 256, false,
        heap == null ? "" : String.format(Locale.ROOT, "%.0f s, %,.0f events, heap after GC at most %.0f MB",
            endlessSeconds, endlessEvents, heap)));
    StringBuilder out = new StringBuilder("| target | measured | verdict |\n|---|---|---|\n");
    for (String[] r : rows) {
      out.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" |\n");
    }
    return out.toString();
  }


  private static String[] ratio(String what, Double weir, Double peer, double goal) {
    if (weir == null || peer == null) {
      return new String[] {what, "no figure", "not measured"};
    }
    double r = weir / peer;
    return new String[] {what, String.format(Locale.ROOT, "%.2f ×", r), r >= goal ? "**met**" : "**missed**"};
  }

  private static String[] at(String what, Double value, double goal, boolean atLeast, String text) {
    if (value == null) {
      return new String[] {what, "no figure", "not measured"};
    }
    boolean met = atLeast ? value >= goal : value <= goal;
    return new String[] {what, text, met ? "**met**" : "**missed**"};
  }
}

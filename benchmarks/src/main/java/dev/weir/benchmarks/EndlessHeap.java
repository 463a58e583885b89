package dev.weir.benchmarks;

import dev.weir.api.Sources;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endless flow on the default {@code Journals.memory()} in a child JVM with {@code -Xmx256m}: the
 * depth-5 benchmark flow on {@code Sources.infinite}, run for a number of seconds, then cancelled.
 * The child prints, each second, the events its sink received and the heap in use right after a full
 * collection ({@code System.gc()}), and at the end how the run ended. A
 * heap that grew without bound would end the child with an {@link OutOfMemoryError} (keeping every
 * record of this flow needs about 150 bytes per event and stage).
 */
final class EndlessHeap {

  private EndlessHeap() {}

  /** What a run showed: how long it ran, events, the largest heap after a collection, and how it ended. */
  record Result(double seconds, long events, double maxHeapAfterGcMb, double lastHeapAfterGcMb, String ended) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.0f s in -Xmx256m, %,d events, heap after GC at most %.1f MB (last %.1f MB),"
          + " %s", seconds, events, maxHeapAfterGcMb, lastHeapAfterGcMb, ended);
    }
  }

  /** Runs the child for {@code seconds} and reads what it printed; fails if it did not end well. */
  static Result run(int seconds) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, Child.class.getName(), Integer.toString(seconds))
        .redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    long events = 0;
    double max = 0;
    double last = 0;
    String ended = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
        String[] f = line.split(" ");
        if (f[0].equals("tick") && f.length == 3) {
          events = Long.parseLong(f[1]);
          last = Double.parseDouble(f[2]);
          max = Math.max(max, last);
        } else if (f[0].equals("ended")) {
          ended = line.substring("ended ".length());
        }
      }
    }
    if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the endless-flow child did not end");
    }
    if (p.exitValue() != 0 || ended == null || !ended.startsWith("CANCELLED") || events == 0) {
      throw new IllegalStateException("the endless-flow child ended with exit " + p.exitValue() + ": "
          + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    }
    return new Result(seconds, events, max, last, ended);
  }

  /** The child JVM: {@code args[0]} seconds of the endless flow. */
  static final class Child {

    private Child() {}

    public static void main(String[] args) throws Exception {
      int seconds = Integer.parseInt(args[0]);
      AtomicLong received = new AtomicLong();
      FlowHandle h = WeirChain.definition(5, 1024, () -> Sources.infinite(i -> i), () -> x -> received.incrementAndGet())
          .builder().journals(Journals.memory()).start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end && !h.state().isTerminal()) {
        Thread.sleep(1000);
        System.out.printf(Locale.ROOT, "tick %d %.1f%n", received.get(), heapAfterGcMb());
      }
      h.stop(StopMode.CANCEL);
      FlowResult r = h.await(Duration.ofMinutes(1)).orElseThrow();
      System.out.println("ended " + r.state() + " after " + received.get() + " events");
      System.exit(0);
    }

    /** The live heap: used after a full collection (once a second: the run is measured for its heap, not its speed). */
    private static double heapAfterGcMb() {
      System.gc();
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }
  }
}

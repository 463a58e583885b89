package dev.weir.benchmarks;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.DiskJournals;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.journal.RunArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a journal costs per record, and how fast it is written and read back, for payloads shaped
 * like the orders sample's: {@code orders |> validate |> sink} on disk journals with durability
 * {@code none} (so the figures are the encoding and framing, not the disk's sync latency). Each
 * round writes a fresh run and reads its {@code validate} journal back as a replay does (open with
 * the full check, then decode every record in reads of 8192); the figures are medians over the
 * rounds after one warm-up. Besides wall-clock rates it reports CPU time per record (the process's
 * for writing, which runs on several threads; the reading thread's for reading), which a shared,
 * busy machine disturbs far less. Only public API, so the same file measures any Weir version.
 *
 * <pre>java -Xmx2g -cp benchmarks/target/weir-benchmarks.jar dev.weir.benchmarks.FootprintBenchmark DIR [events] [rounds] [json]</pre>
 *
 * With {@code json} (a Weir with payload formats), payloads are written as JSON text instead of the default.
 */
public final class FootprintBenchmark {

  /** An order as the orders sample reads it. */
  public record Order(long orderId, String customer, String region, String currency, int quantity, long unitPriceMinor) {}

  /** What the orders sample's validate stage emits. */
  public record Priced(Order order, long totalMinor) {}

  private static final String[] CUSTOMERS = {"soylent", "umbrella", "initech", "wayne", "acme", "globex", "hooli"};
  private static final String[] REGIONS = {"north", "east", "south", "west"};
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

  private FootprintBenchmark() {}

  static FlowDefinition flow(long events) {
    ElementType order = ElementType.of(Order.class);
    ElementType priced = ElementType.of(Priced.class);
    return FlowDefinition.define("footprint")
        .stage(StageDefinition.source("orders", order, f -> Sources.range(events, i -> new Order(i + 1,
            CUSTOMERS[(int) (i * 7 % CUSTOMERS.length)], REGIONS[(int) (i * 3 % REGIONS.length)],
            CURRENCIES[(int) (i % CURRENCIES.length)], (int) (1 + i * 13 % 20), 100 + i * 7919 % 250_000))))
        .stage(StageDefinition.transform("validate", StageKind.TRANSFORM, order, priced,
            f -> Transforms.map((Order o) -> new Priced(o, o.quantity() * o.unitPriceMinor()))))
        .stage(StageDefinition.sink("sink", priced, f -> (Sink<Priced>) p -> {}))
        .chain("orders", "validate", "sink")
        .build();
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "target/footprint-bench");
    long events = args.length > 1 ? Long.parseLong(args[1]) : 500_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    boolean json = args.length > 3 && args[3].equals("json");
    Files.createDirectories(root);
    double[] write = new double[rounds];
    double[] read = new double[rounds];
    double[] writeCpu = new double[rounds];
    double[] readCpu = new double[rounds];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double bytesPerRecord = 0;
    for (int r = -1; r < rounds; r++) {
      clean(root);
      System.gc();
      DiskJournals journals = Journals.disk(root).durability(Durability.none()).key(null);
      if (json) {
        Class<?> format = Class.forName("dev.weir.flow.PayloadFormat");
        DiskJournals.class.getMethod("payloadFormat", format).invoke(journals, format.getField("JSON").get(null));
      }
      long t0 = System.nanoTime();
      long c0 = os.getProcessCpuTime();
      FlowHandle h = flow(events).builder().journals(journals).start();
      FlowResult result = h.await();
      double writeSecs = (System.nanoTime() - t0) / 1e9;
      double writeCpuNs = (os.getProcessCpuTime() - c0) / (double) events;
      if (result.state() != FlowState.COMPLETED) {
        throw new IllegalStateException("the run did not complete: " + result);
      }
      Path runDir = h.journals().directory().orElseThrow();
      long records = 0;
      long t1 = System.nanoTime();
      long c1 = threads.getCurrentThreadCpuTime();
      try (RunArchive archive = RunArchive.open(runDir, flow(events), null)) {
        long seq = 1;
        while (true) {
          List<JournalRecord> batch = archive.data("validate").read(seq, 8192);
          if (batch.isEmpty()) {
            break;
          }
          records += batch.size();
          seq = batch.get(batch.size() - 1).seq() + 1;
        }
      }
      double readSecs = (System.nanoTime() - t1) / 1e9;
      double readCpuNs = (threads.getCurrentThreadCpuTime() - c1) / (double) records;
      long bytes = segmentBytes(runDir.resolve("orders.data")) + segmentBytes(runDir.resolve("validate.data"));
      bytesPerRecord = bytes / (2.0 * (events + 1));
      if (r >= 0) {
        write[r] = events / writeSecs;
        read[r] = records / readSecs;
        writeCpu[r] = writeCpuNs;
        readCpu[r] = readCpuNs;
      }
      System.out.printf("round %d: write %.3f M events/s (%.0f ns CPU/event), replay read %.3f M records/s (%.0f ns CPU/"
          + "record), %.1f bytes/record%n", r + 1, events / writeSecs / 1e6, writeCpuNs, records / readSecs / 1e6,
          readCpuNs, bytesPerRecord);
    }
    Arrays.sort(write);
    Arrays.sort(read);
    Arrays.sort(writeCpu);
    Arrays.sort(readCpu);
    System.out.printf("%,d events, median of %d rounds: write %.3f M events/s (best %.3f), %.0f ns CPU/event; replay read"
        + " %.3f M records/s (best %.3f), %.0f ns CPU/record; orders + validate data journals %.1f bytes/record%n", events,
        rounds, write[rounds / 2] / 1e6, write[rounds - 1] / 1e6, writeCpu[rounds / 2], read[rounds / 2] / 1e6,
        read[rounds - 1] / 1e6, readCpu[rounds / 2], bytesPerRecord);
    clean(root);
  }

  private static long segmentBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void clean(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
    }
  }
}

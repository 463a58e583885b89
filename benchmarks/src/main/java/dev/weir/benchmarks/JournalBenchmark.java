package dev.weir.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.DiskJournals;
import dev.weir.flow.JournalRecord;
import dev.weir.journal.RunArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Disk journals side by side with "the journaled limit": a raw Disruptor chain of the same depth
 * whose every stage writes the same frames (64-byte header, JSON payload, CRC32C, one write per
 * batch, fdatasync per batch under BATCH, an HMAC-SHA256 seal per batch with a key) and hands a
 * batch downstream only once it is written. Then replay read throughput and the time to reopen a
 * run with a 1 GB journal.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/weir-benchmarks.jar dev.weir.benchmarks.JournalBenchmark DIR [events] [runs] [recoveryMB]</pre>
 */
public final class JournalBenchmark {

  private static final ElementType LONG = ElementType.of(Long.class);
  private static final byte[] KEY = "benchmark-key".getBytes();

  private JournalBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "target/journal-bench");
    long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    long recoveryMb = args.length > 3 ? Long.parseLong(args[3]) : 1024;
    Files.createDirectories(root);
    System.out.printf("disk journals: %,d events per run, median of %d runs after 1 warm-up, in %s%n", events, runs, root);
    System.out.printf("%-6s %-12s %14s %14s %9s%n", "depth", "policy", "weir M ev/s", "raw M ev/s", "weir/raw");
    for (int depth : new int[] {1, 3, 5}) {
      for (String policy : new String[] {"none", "batch", "none+hmac", "batch+hmac"}) {
        double[] weir = new double[runs];
        double[] raw = new double[runs];
        for (int r = -1; r < runs; r++) {
          double w = weir(root, depth, events, policy);
          double x = rawJournaled(root, depth, events, policy);
          if (r >= 0) {
            weir[r] = w;
            raw[r] = x;
          }
          clean(root);
        }
        Arrays.sort(weir);
        Arrays.sort(raw);
        double wm = weir[runs / 2];
        double rm = raw[runs / 2];
        System.out.printf("%-6d %-12s %14.2f %14.2f %9.2f%n", depth, policy, wm / 1e6, rm / 1e6, wm / rm);
      }
    }
    replayRead(root, events * 2);
    clean(root);
    recovery(root, recoveryMb);
    clean(root);
  }

  private static DiskJournals journals(Path root, String policy) {
    DiskJournals j = Journals.disk(root).durability(Durability.parse(policy.replace("+hmac", "")));
    return policy.endsWith("+hmac") ? j.key(KEY) : j.key(null);
  }

  /** The map chain the journal workloads run: a source of {@code events} longs, {@code depth} maps, a sink. */
  static FlowDefinition chain(int depth, long events) {
    FlowDefinition.Draft b = FlowDefinition.define("journaled")
        .stage(StageDefinition.source("src", LONG, f -> Sources.range(events, i -> i)));
    String prev = "src";
    for (int d = 1; d <= depth; d++) {
      b.stage(StageDefinition.transform("map" + d, StageKind.TRANSFORM, LONG, LONG,
          f -> Transforms.map((Long x) -> x + 1)));
      b.chain(prev, "map" + d);
      prev = "map" + d;
    }
    return b.stage(StageDefinition.sink("sink", LONG, f -> (Sink<Long>) x -> {})).chain(prev, "sink").build();
  }

  static double weir(Path root, int depth, long events, String policy) throws Exception {
    return weir(root, depth, events, policy, 0);
  }

  /** As above on {@code threads} ({@code FlowBuilder.threads}: 0 for the default, a large number for a thread per stage). */
  static double weir(Path root, int depth, long events, String policy, int threads) throws Exception {
    long t0 = System.nanoTime();
    FlowResult r = chain(depth, events).builder().threads(threads).journals(journals(root, policy)).start().await();
    long t1 = System.nanoTime();
    if (r.state() != FlowState.COMPLETED || r.stage("sink").received() != events) {
      throw new IllegalStateException("weir run failed: " + r);
    }
    return events / ((t1 - t0) / 1e9);
  }

  /**
   * The journaled limit of one writer on this disk: one thread appends {@code events} frames of
   * Weir's layout and size (64-byte header, the JSON of the value, CRC32C) to one file, writing and
   * fdatasyncing every {@code batch} frames (BATCH durability's group commit). Records per second.
   */
  static double appendSyncLimit(Path root, long events, int batch) throws Exception {
    Path dir = Files.createDirectories(root.resolve("limit-" + System.nanoTime()));
    try (FrameWriter w = new FrameWriter(dir.resolve("src"), true, false)) {
      long t0 = System.nanoTime();
      for (long i = 0; i < events; i += batch) {
        long end = Math.min(events, i + batch);
        for (long v = i; v < end; v++) {
          w.append(v, true);
        }
        w.flush(false);
      }
      return events / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** A ring slot of the raw journaled chain. */
  static final class Slot {
    long value;
  }

  /** Writes Weir's frame layout for one stage: the raw chain's journal. */
  static final class FrameWriter extends OutputStream {
    private final FileChannel channel;
    private final boolean sync;
    private final Mac mac;
    private final ObjectWriter json = new ObjectMapper().writerFor(Long.class);
    private final CRC32C crc = new CRC32C();
    private byte[] buf = new byte[1 << 16];
    private int size;
    private JsonGenerator generator;
    private long seq;
    private long batchFirst = 1;
    private byte[] prevTag = new byte[32];

    FrameWriter(Path file, boolean sync, boolean hmac) throws Exception {
      this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      this.sync = sync;
      if (hmac) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      } else {
        mac = null;
      }
      generator = new ObjectMapper().getFactory().createGenerator(this);
      generator.setRootValueSeparator(null);
    }

    void append(long value, boolean withPayload) throws IOException {
      int start = size;
      ensure(64);
      size += 64;
      if (withPayload) {
        json.writeValue(generator, value);
        generator.flush();
      }
      ByteBuffer h = ByteBuffer.wrap(buf, start, 64);
      h.putShort((short) 0x5745).put((byte) 1).put((byte) 0).putInt(size - start - 64).putInt(0)
          .putLong(++seq).putInt(-1).putLong(0).putInt(-1).putLong(0).putLong(seq).putInt(0).putLong(0);
      crc.reset();
      crc.update(buf, start + 12, size - start - 12);
      ByteBuffer.wrap(buf).putInt(start + 8, (int) crc.getValue());
    }

    void flush(boolean end) throws IOException {
      if (size == 0) {
        return;
      }
      if (mac != null) {
        mac.reset();
        mac.update(ByteBuffer.allocate(16).putLong(batchFirst).putLong(seq).array());
        mac.update(prevTag);
        mac.update(buf, 0, size);
        prevTag = mac.doFinal();
        ensure(64 + 48);
        size += 64 + 48; // the seal frame (contents do not matter for the cost)
      }
      ByteBuffer b = ByteBuffer.wrap(buf, 0, size);
      while (b.hasRemaining()) {
        channel.write(b);
      }
      if (sync) {
        channel.force(false);
      }
      size = 0;
      batchFirst = seq + 1;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    private void ensure(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  static double rawJournaled(Path root, int depth, long events, String policy) throws Exception {
    boolean sync = policy.startsWith("batch");
    boolean hmac = policy.endsWith("+hmac");
    Path dir = Files.createDirectories(root.resolve("raw-" + System.nanoTime()));
    List<RingBuffer<Slot>> rings = new ArrayList<>();
    for (int i = 0; i <= depth; i++) {
      rings.add(RingBuffer.createSingleProducer(Slot::new, 1024, new YieldingWaitStrategy()));
    }
    List<FrameWriter> writers = new ArrayList<>();
    List<BatchEventProcessor<Slot>> processors = new ArrayList<>();
    BatchEventProcessorBuilder builder = new BatchEventProcessorBuilder();
    for (int i = 0; i < depth; i++) {
      RingBuffer<Slot> in = rings.get(i);
      RingBuffer<Slot> out = rings.get(i + 1);
      FrameWriter w = new FrameWriter(dir.resolve("map" + i), sync, hmac);
      writers.add(w);
      long[] pending = new long[1024];
      int[] count = {0};
      EventHandler<Slot> stage = (e, seq, end) -> {
        long v = e.value + 1;
        w.append(v, true);
        pending[count[0]++] = v;
        if (end || count[0] == pending.length) { // journal first, then hand the batch downstream
          w.flush(false);
          for (int k = 0; k < count[0]; k++) {
            long s = out.next();
            out.get(s).value = pending[k];
            out.publish(s);
          }
          count[0] = 0;
        }
      };
      BatchEventProcessor<Slot> p = builder.build(in, in.newBarrier(), stage);
      in.addGatingSequences(p.getSequence());
      processors.add(p);
    }
    FrameWriter receipts = new FrameWriter(dir.resolve("sink"), sync, hmac);
    writers.add(receipts);
    CountDownLatch done = new CountDownLatch(1);
    long[] seen = {0};
    EventHandler<Slot> sink = (e, seq, end) -> {
      receipts.append(0, false);
      if (end) {
        receipts.flush(false);
      }
      if (++seen[0] == events) {
        receipts.flush(true);
        done.countDown();
      }
    };
    RingBuffer<Slot> last = rings.get(depth);
    BatchEventProcessor<Slot> sinkProcessor = builder.build(last, last.newBarrier(), sink);
    last.addGatingSequences(sinkProcessor.getSequence());
    processors.add(sinkProcessor);
    List<Thread> threads = new ArrayList<>();
    for (BatchEventProcessor<Slot> p : processors) {
      Thread t = new Thread(p);
      threads.add(t);
      t.start();
    }
    FrameWriter source = new FrameWriter(dir.resolve("src"), sync, hmac);
    writers.add(source);
    RingBuffer<Slot> first = rings.get(0);
    long t0 = System.nanoTime();
    for (long i = 0; i < events; i += 512) { // the source's batch, as Weir's ready-made sources emit
      long end = Math.min(events, i + 512);
      for (long v = i; v < end; v++) {
        source.append(v, true);
      }
      source.flush(false);
      for (long v = i; v < end; v++) {
        long s = first.next();
        first.get(s).value = v;
        first.publish(s);
      }
    }
    done.await();
    long elapsed = System.nanoTime() - t0;
    for (BatchEventProcessor<Slot> p : processors) {
      p.halt();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (FrameWriter w : writers) {
      w.close();
    }
    return events / (elapsed / 1e9);
  }

  /** Reads an archived source journal back, as a replay does. */
  static void replayRead(Path root, long events) throws Exception {
    FlowHandle h = chain(1, events).builder().journals(journals(root, "none")).start();
    h.await();
    Path runDir = h.journals().directory().orElseThrow();
    long bytes = size(runDir.resolve("src.data"));
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      long records = 0;
      try (RunArchive archive = RunArchive.open(runDir, chain(1, events), null)) {
        long seq = 1;
        while (true) {
          List<JournalRecord> batch = archive.data("src").read(seq, 8192);
          if (batch.isEmpty()) {
            break;
          }
          records += batch.size();
          seq = batch.get(batch.size() - 1).seq() + 1;
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("replay read (open with full check + decode every record), round %d: %,d records, %.1f MB in %.2f s"
          + " = %.2f M records/s, %.0f MB/s%n", round + 1, records, bytes / 1e6, secs, records / secs / 1e6,
          bytes / 1e6 / secs);
    }
  }

  /** {@code chars} hex digits drawn from a generator seeded with {@code seed}. */
  private static String randomHex(long seed, int chars) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(chars + 16);
    while (sb.length() < chars) {
      sb.append(Long.toHexString(random.nextLong()));
    }
    return sb.substring(0, chars);
  }

  /** Writes a run whose source journal is about {@code megabytes}, then times reopening and verifying it. */
  static void recovery(Path root, long megabytes) throws Exception {
    int chars = 200;
    long perRecord = chars + 15; // the payload and about what a frame adds around it
    long events = megabytes * 1_000_000 / perRecord;
    ElementType text = ElementType.of(String.class);
    // random hex, different in every record: a journal frame leaves out what a payload shares with the one
    // before it, so repeated or similar payloads would make a far smaller journal than asked for
    FlowDefinition def = FlowDefinition.define("big")
        .stage(StageDefinition.source("src", text, f -> Sources.range(events, i -> randomHex(i, chars))))
        .stage(StageDefinition.sink("sink", text, f -> (Sink<String>) s -> {}))
        .chain("src", "sink")
        .build();
    FlowHandle h = def.builder().journals(journals(root, "none")).start();
    FlowResult r = h.await();
    if (r.state() != FlowState.COMPLETED) {
      throw new IllegalStateException("could not write the big journal: " + r);
    }
    Path runDir = h.journals().directory().orElseThrow();
    long bytes = size(runDir.resolve("src.data"));
    for (String cache : new String[] {"cold", "warm"}) {
      if (cache.equals("cold") && !dropCaches()) {
        System.out.println("recovery (cold): cannot drop the page cache here; skipped");
        continue;
      }
      long t0 = System.nanoTime();
      try (RunArchive archive = RunArchive.open(runDir, null)) {
        long last = archive.data("src").lastSeq();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("recovery (%s cache): reopened a run with a %.0f MB journal (%,d records; every frame's CRC and"
            + " seq checked) in %.2f s = %.0f MB/s%n", cache, bytes / 1e6, last, secs, bytes / 1e6 / secs);
      }
    }
  }

  private static boolean dropCaches() {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void clean(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
    }
  }
}

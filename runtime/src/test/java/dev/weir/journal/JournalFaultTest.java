package dev.weir.journal;

import dev.weir.flow.Journals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.Codec;
import dev.weir.event.JsonCodec;
import dev.weir.flow.RecordKind;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage done to journal files on disk, and failures of the disk itself: each is detected and named. */
class JournalFaultTest {

  @TempDir
  Path tmp;

  private static final byte[] KEY = "fault-test-key".getBytes();

  @SuppressWarnings("unchecked")
  private static RecordCodec strings() {
    Codec<Object> c = (Codec<Object>) (Codec<?>) JsonCodec.of(String.class);
    return new RecordCodec(0, List.of(c));
  }

  private static JournalOptions options(byte[] key, long segmentBytes) {
    return new JournalOptions(Durability.none(), segmentBytes, 1 << 20, key, FileFaults.NONE);
  }

  /** Writes {@code n} records "value-<seq>", {@code perBatch} to a batch; returns the journal's directory. */
  private Path write(String name, int n, int perBatch, byte[] key, long segmentBytes, String prefix) {
    return write(name, n, perBatch, key, segmentBytes, seq -> prefix + seq);
  }

  /** Writes {@code n} records {@code value(seq)}, {@code perBatch} to a batch; returns the journal's directory. */
  private Path write(String name, int n, int perBatch, byte[] key, long segmentBytes,
      java.util.function.LongFunction<String> value) {
    Path dir = tmp.resolve(name);
    DiskJournal j = DiskJournal.create("s.data", dir, List.of("s"), strings(), options(key, segmentBytes));
    for (int seq = 1; seq <= n; seq++) {
      j.append(seq, RecordKind.DATA, -1, 0, -1, 0, seq, 0, 1000L + seq, value.apply(seq));
      if (seq % perBatch == 0) {
        j.flush();
      }
    }
    j.close();
    return dir;
  }

  private static DiskJournal open(Path dir, byte[] key, boolean forAppend, List<String> torn) {
    return DiskJournal.open("s.data", dir, List.of("s"), strings(), options(key, 1 << 20), forAppend, torn::add);
  }

  private static Path onlySegment(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
    }
  }

  /**
   * Each frame of a segment (seals included), read back from the file: its offset, length, kind
   * and seq (0 for a seal; seqs are implicit, counted from the segment's first).
   */
  private static List<long[]> frames(Path segment) throws IOException {
    List<long[]> out = new ArrayList<>();
    byte[] b = Files.readAllBytes(segment);
    String name = segment.getFileName().toString();
    long seq = Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length()));
    int at = RecordFrame.SEGMENT_HEADER;
    while (at < b.length) {
      int len = RecordFrame.frameLength(b, at, b.length, Integer.MAX_VALUE);
      int kind = b[at] & RecordFrame.KIND_MASK;
      out.add(new long[] {at, len, kind, kind == RecordFrame.SEAL ? 0 : seq++});
      at += len;
    }
    return out;
  }

  private static void flip(Path file, long offset, int mask) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ mask)).rewind();
      ch.write(one, offset);
    }
  }

  private static List<String> values(DiskJournal j) {
    return j.readAll().stream().map(r -> (String) r.payload()).toList();
  }

  @Test
  void aBatchWrittenEarlyBecauseItGrewLarge_writesTheJournalsOrderedBeforeItFirst() {
    DiskJournal errors = DiskJournal.create("s.errors", tmp.resolve("e"), List.of("s"), strings(), options(null, 1 << 24));
    DiskJournal data = DiskJournal.create("s.data", tmp.resolve("d"), List.of("s"), strings(), options(null, 1 << 24));
    data.writtenAfter(errors);
    errors.append(1, RecordKind.DATA, -1, 0, -1, 0, 1, 0, 1000L, "rejected before the big ones");
    java.util.Random random = new java.util.Random(7);
    int seq = 0;
    while (data.lastSeq() == 0) { // nothing flushed yet: the batch grows until it is written early
      seq++;
      assertThat(seq).as("the data journal should have written its batch by 4 MB").isLessThan(10);
      StringBuilder big = new StringBuilder(900_000); // unlike the record before: no delta shortens it
      for (int i = 0; i < 900_000; i++) {
        big.append((char) ('a' + random.nextInt(26)));
      }
      data.append(seq, RecordKind.DATA, -1, 0, -1, 0, seq, 0, 1000L + seq, big.toString());
    }
    assertThat(errors.lastSeq()).as("the error journal's pending record went first").isEqualTo(1);
    assertThat(errors.read(1)).extracting(JournalRecord::payload).containsExactly("rejected before the big ones");
    errors.close();
    data.close();
  }

  @Test
  void discardPending_dropsTheUnflushedBatch_keepsWhatWasFlushed_andRefusesMoreAppends() {
    Path dir = tmp.resolve("discard");
    DiskJournal j = DiskJournal.create("s.data", dir, List.of("s"), strings(), options(null, 1 << 20));
    for (int seq = 1; seq <= 5; seq++) {
      j.append(seq, RecordKind.DATA, -1, 0, -1, 0, seq, 0, 1000L + seq, "v" + seq);
      if (seq == 3) {
        j.flush();
      }
    }
    j.discardPending();
    assertThatThrownBy(() -> j.append(4, RecordKind.DATA, -1, 0, -1, 0, 4, 0, 1004L, "v4"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("journal s.data takes no more appends");
    j.close();
    DiskJournal reopened = open(dir, null, false, new ArrayList<>());
    assertThat(reopened.readAll()).extracting(JournalRecord::payload).containsExactly("v1", "v2", "v3");
    reopened.close();
  }

  @Test
  void truncationAtEveryByteOfTheLastTwoRecords_cutsBack_andAppendsResumeAtTheRightSeq() throws IOException {
    // the last two records share little with the ones before, so that their frames are long (a
    // record shares the start and end of its payload with the previous one, and the frame holds the rest)
    java.util.function.LongFunction<String> value = seq -> "value-" + seq + (seq == 39 ? "-" + "y".repeat(60)
        : seq == 40 ? "-" + "z".repeat(60) : "");
    Path original = write("orig", 40, 10, null, 1 << 20, value);
    Path segment = onlySegment(original);
    List<long[]> f = frames(segment);
    long secondLast = f.get(f.size() - 2)[0];
    long lastStart = f.get(f.size() - 1)[0];
    long end = Files.size(segment);
    int checked = 0;
    for (long cut = secondLast; cut < end; cut++) {
      Path copy = tmp.resolve("cut-" + cut);
      Files.createDirectories(copy);
      Files.copy(segment, copy.resolve(segment.getFileName()));
      try (FileChannel ch = FileChannel.open(copy.resolve(segment.getFileName()), StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }
      long whole = cut < lastStart ? 38 : 39;
      boolean onABoundary = cut == secondLast || cut == lastStart;
      List<String> torn = new ArrayList<>();
      DiskJournal j = open(copy, null, true, torn);
      assertThat(j.lastSeq()).as("cut at " + cut).isEqualTo(whole);
      assertThat(torn).as("cut at " + cut).hasSize(onABoundary ? 0 : 1);
      if (!onABoundary) {
        assertThat(torn.get(0)).contains("torn tail").contains("(seq " + (whole + 1) + ")");
      }
      j.append(whole + 1, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "again-" + (whole + 1));
      j.flush();
      j.close();
      List<String> back = values(open(copy, null, false, new ArrayList<>()));
      assertThat(back).hasSize((int) whole + 1);
      assertThat(back.get((int) whole)).isEqualTo("again-" + (whole + 1));
      assertThat(back.get((int) whole - 1)).isEqualTo(value.apply(whole));
      checked++;
    }
    assertThat(checked).as("every byte of the last two records").isEqualTo((int) (end - secondLast)).isGreaterThan(100);
  }

  @Test
  void bitFlipsInHeaderAndBody_ofAnyWholeRecord_areCorruptionNamedByFileOffsetAndSeq() throws IOException {
    Path dir = write("flips", 30, 5, null, 1 << 20, "value-");
    Path segment = onlySegment(dir);
    List<long[]> f = frames(segment);
    long[] middle = f.get(12);
    // the head, the seq's low byte, the length, a field, the payload and the CRC itself
    long end = middle[0] + middle[1];
    for (long offset : new long[] {middle[0], middle[0] + 1, middle[0] + 2, middle[0] + 3, end - 5, end - 1}) {
      Path copy = tmp.resolve("flip-" + offset);
      Files.createDirectories(copy);
      Files.copy(segment, copy.resolve(segment.getFileName()));
      flip(copy.resolve(segment.getFileName()), offset, 0x04);
      assertThatThrownBy(() -> open(copy, null, false, new ArrayList<>()))
          .isInstanceOf(JournalException.class)
          .hasMessageContaining("journal s.data is corrupt: " + copy.resolve(segment.getFileName()) + " at offset "
              + middle[0] + ", seq " + middle[3] + ": CRC32C mismatch")
          .extracting(e -> ((JournalException) e).problem()).isEqualTo(JournalException.Problem.CORRUPT);
    }
    // the last record, whole but flipped, is corruption too: only a partial frame is a torn tail
    Path copy = tmp.resolve("flip-last");
    Files.createDirectories(copy);
    Files.copy(segment, copy.resolve(segment.getFileName()));
    long[] last = f.get(f.size() - 1);
    flip(copy.resolve(segment.getFileName()), last[0] + last[1] - 5, 0x01);
    assertThatThrownBy(() -> open(copy, null, false, new ArrayList<>())).hasMessageContaining("CRC32C mismatch");
    // a flipped length field is bounded: no huge allocation, a clear error. A 70 000-byte payload has
    // a 3-byte length varint; bit 6 of its last byte adds 2^20 (the limit here) to the length.
    Path big = write("flip-length", 3, 1, null, 1 << 20, "x".repeat(70_000));
    Path bigSegment = onlySegment(big);
    long[] first = frames(bigSegment).get(0);
    assertThat(first[1]).isGreaterThan(70_000);
    flip(bigSegment, first[0] + 4, 0x40);
    assertThatThrownBy(() -> open(big, null, false, new ArrayList<>()))
        .hasMessageContaining("at offset " + first[0] + ", seq 1: payload length out of bounds");
  }

  @Test
  void forgedRecordWithARecomputedCrc_isCaughtByTheHmacChain() throws IOException {
    Path dir = write("forged", 30, 5, KEY, 1 << 20, "value-");
    Path segment = onlySegment(dir);
    long[] victim = frames(segment).get(8);
    assertThat(victim[3]).isEqualTo(8);
    byte[] bytes = Files.readAllBytes(segment);
    int crcAt = (int) (victim[0] + victim[1]) - RecordFrame.CRC;
    // the frame holds what "value-8" does not share with "value-7": the digit, just before the CRC
    assertThat(bytes[crcAt - 1]).isEqualTo((byte) '8');
    bytes[crcAt - 1] = '9'; // "value-8" -> "value-9": same length
    int crc = RecordFrame.crc(new java.util.zip.CRC32C(), victim[3], bytes, (int) victim[0], crcAt - (int) victim[0]);
    ByteBuffer.wrap(bytes).putInt(crcAt, crc);
    Files.write(segment, bytes);
    assertThat(values(open(dir, null, false, new ArrayList<>())).get(7))
        .as("without the key the recomputed CRC passes: only the chain catches the forgery").isEqualTo("value-9");

    assertThatThrownBy(() -> open(dir, KEY, false, new ArrayList<>()))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("HMAC mismatch for the batch of seqs 6..10");
    assertThatThrownBy(() -> open(dir, "another-key".getBytes(), false, new ArrayList<>()))
        .hasMessageContaining("HMAC mismatch for the batch of seqs 1..5");
  }

  @Test
  void swappedRecords_areCaught_withAndWithoutAKey() throws IOException {
    for (byte[] key : new byte[][] {null, KEY}) {
      Path dir = write("swap-" + (key == null), 30, 30, key, 1 << 20, "value-");
      Path segment = onlySegment(dir);
      List<long[]> f = frames(segment);
      byte[] bytes = Files.readAllBytes(segment);
      long[] a = f.get(3);
      long[] b = f.get(4);
      byte[] out = bytes.clone();
      System.arraycopy(bytes, (int) b[0], out, (int) a[0], (int) b[1]);
      System.arraycopy(bytes, (int) a[0], out, (int) (a[0] + b[1]), (int) a[1]);
      Files.write(segment, out);
      assertThatThrownBy(() -> open(dir, key, false, new ArrayList<>()))
          .hasMessageContaining("seq 5 where seq 4 belongs");
    }
  }

  @Test
  void recordSplicedFromAnotherJournal_isCaughtByTheHmacChain() throws IOException {
    Path mine = write("mine", 20, 5, KEY, 1 << 20, "value-");
    Path theirs = write("theirs", 20, 5, KEY, 1 << 20, "VALUE-");
    Path segMine = onlySegment(mine);
    byte[] a = Files.readAllBytes(segMine);
    byte[] b = Files.readAllBytes(onlySegment(theirs));
    // A frame holds only what its payload does not share with the one before, so a record of the
    // middle is the same bytes in both journals ("...-12" after "...-11"); the first record, a reset
    // point, holds its whole payload.
    long[] frame = frames(segMine).get(0);
    assertThat(java.util.Arrays.equals(a, (int) frame[0], (int) (frame[0] + frame[1]), b, (int) frame[0],
        (int) (frame[0] + frame[1]))).as("the spliced frame differs").isFalse();
    System.arraycopy(b, (int) frame[0], a, (int) frame[0], (int) frame[1]); // same seq, valid CRC, other content
    Files.write(segMine, a);
    assertThat(values(open(mine, null, false, new ArrayList<>())).get(0)).isEqualTo("VALUE-1");

    assertThatThrownBy(() -> open(mine, KEY, false, new ArrayList<>()))
        .hasMessageContaining("HMAC mismatch for the batch of seqs 1..5");
  }

  @Test
  void oldSegmentReplayedIntoALaterRun_isCaughtByTheChain() throws IOException {
    Path current = write("current", 2000, 20, KEY, 4096, "value-");
    Path old = write("old", 2000, 20, KEY, 4096, "older-");
    List<Path> segs;
    try (Stream<Path> s = Files.list(current)) {
      segs = s.filter(p -> p.toString().endsWith(".seg")).sorted(Comparator.naturalOrder()).toList();
    }
    assertThat(segs.size()).isGreaterThan(2);
    Path second = segs.get(1);
    Files.copy(old.resolve(second.getFileName()), second, StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> open(current, KEY, false, new ArrayList<>()))
        .hasMessageContaining(second.getFileName().toString()).hasMessageContaining("HMAC mismatch");
  }

  @Test
  void unsealedTailOfAKeyedJournal_isCutBackToTheLastSeal() throws IOException {
    Path dir = write("unsealed", 20, 5, KEY, 1 << 20, "value-");
    Path segment = onlySegment(dir);
    List<long[]> f = frames(segment);
    long lastSealStart = f.get(f.size() - 1)[0]; // the seal of 16..20
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(lastSealStart + 10);
    }
    List<String> torn = new ArrayList<>();
    DiskJournal j = open(dir, KEY, true, torn);
    assertThat(j.lastSeq()).isEqualTo(15);
    assertThat(torn).singleElement().asString().contains("records 16..20 have no seal");
    j.append(16, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "again-16");
    j.flush();
    j.close();
    assertThat(values(open(dir, KEY, false, new ArrayList<>()))).hasSize(16).last().isEqualTo("again-16");
  }

  record Item(long id) {}

  static FlowDefinition items(long n) {
    ElementType item = ElementType.of(Item.class);
    return FlowDefinition.define("disk")
        .stage(StageDefinition.source("items", item, f -> Sources.range(n, i -> new Item(i))))
        .stage(StageDefinition.transform("same", StageKind.TRANSFORM, item, item, f -> Transforms.map((Item i) -> i)))
        .stage(StageDefinition.sink("out", item, f -> (Sink<Item>) x -> {}))
        .chain("items", "same", "out")
        .build();
  }

  @Test
  void fullDisk_failsTheFlowWithATypedError_showsNoHalfRecord_andARerunWithSpaceLosesNothing() throws Exception {
    Path root = tmp.resolve("full");
    AtomicReference<String> fullJournal = new AtomicReference<>();
    FileFaults smallDisk = new FileFaults() {
      @Override
      public FileChannel open(Path file) throws IOException {
        FileChannel real = FileFaults.NONE.open(file);
        if (file.getParent().getFileName().toString().equals("same.data")) {
          fullJournal.set(file.toString());
          return new FullDiskChannel(real, 150_000);
        }
        return real;
      }
    };
    FlowHandle h = items(50_000).builder().journals(new FaultInjectingJournals(Journals.disk(root), smallDisk)).start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    JournalException cause = (JournalException) r.failure().orElseThrow().getCause();
    assertThat(cause.problem()).isEqualTo(JournalException.Problem.NO_SPACE);
    assertThat(r.failure().orElseThrow().getMessage()).contains("journal failure in stage 'same'")
        .contains("No space left on device");
    Path runDir = h.journals().directory().orElseThrow();
    assertThat(Manifest.read(runDir).status()).isEqualTo("FAILED");
    // readers saw 'same' up to its last whole batch; of the batch the full disk cut short, the whole
    // records are on disk and the half record is a torn tail, never read
    long visible = h.journals().data("same").lastSeq();
    try (RunArchive archive = RunArchive.open(runDir, items(0), null)) {
      assertThat(archive.data("same").lastSeq()).isGreaterThanOrEqualTo(visible);
      assertThat(archive.tornTails()).anySatisfy(t -> assertThat(t).contains("same.data"));
      List<dev.weir.flow.JournalRecord> records = archive.data("same").readAll();
      for (int i = 0; i < records.size(); i++) {
        assertThat(records.get(i).payload()).isEqualTo(new Item(i));
      }
      // 'out' never saw more than what reached the disk
      assertThat(archive.data("out").lastSeq()).isLessThanOrEqualTo(visible);
    }

    FlowResult rerun = items(50_000).builder().journals(Journals.disk(root)).start().await();
    assertThat(rerun.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(rerun.stage("out").received()).isEqualTo(50_000);
  }

  @Test
  void failingSync_isFatal_neverRetriedAsSuccess() throws Exception {
    FileFaults badSync = new FileFaults() {
      @Override
      public void beforeSync(String journalId) throws IOException {
        if (journalId.equals("same.data")) {
          throw new IOException("Input/output error");
        }
      }
    };
    FlowHandle h = items(10_000).builder()
        .journals(new FaultInjectingJournals(Journals.disk(tmp.resolve("sync")).durability(Durability.batch()), badSync)).start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    JournalException cause = (JournalException) r.failure().orElseThrow().getCause();
    assertThat(cause.problem()).isEqualTo(JournalException.Problem.SYNC_FAILED);
    assertThat(r.stage("out").received()).as("nothing unsynced was handed downstream").isZero();
  }

  @Test
  void payloadAboveTheLimit_isRefusedAtAppend_andDeadLettered() throws Exception {
    ElementType text = ElementType.of(String.class);
    FlowDefinition def = FlowDefinition.define("big")
        .stage(StageDefinition.source("texts", text, f -> Sources.of("small", "x".repeat(5000), "fine")))
        .stage(StageDefinition.transform("copy", StageKind.TRANSFORM, text, text, f -> Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("out", text, f -> (Sink<String>) s -> {}))
        .chain("texts", "copy", "out")
        .build();
    FlowHandle h = def.builder().journals(Journals.disk(tmp.resolve("big")).maxPayload(6000)).start();
    FlowResult ok = h.await();
    assertThat(ok.state()).isEqualTo(FlowState.COMPLETED);

    FlowHandle small = def.builder().journals(Journals.disk(tmp.resolve("small")).maxPayload(1000)).start();
    FlowResult r = small.await();
    // the source itself cannot journal its big item: a source's emit failing fails the flow with the reason
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("is 5002 bytes, more than the maximum of 1000");
  }
}

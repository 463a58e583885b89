package dev.weir.journal;

import dev.weir.flow.JournalRecord;

import dev.weir.flow.EventRef;
import dev.weir.flow.RecordKind;
import dev.weir.flow.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;

/**
 * A journal in segment files under its own directory. Appends encode frames into a batch buffer;
 * {@link #flush()} writes the batch with one write call, seals it with a chained HMAC when a key
 * is set, syncs per the durability policy, and only then makes it visible to readers. Segments roll
 * at a size limit; each has a sparse index (in memory while active, in an {@code .idx} file once
 * rolled) so that reading from a seq seeks instead of scanning. Reading checks every frame's CRC.
 *
 * <p>One thread writes; any thread reads. Readers share a small cache of read channels, so file
 * descriptors grow with journals, not with readers.
 */
public final class DiskJournal implements Journal {

  /** A record every this many seqs goes into the sparse index. */
  static final int INDEX_EVERY = 256;

  private static final int READ_CHANNELS = 2;
  private static final RecordKind[] KINDS = RecordKind.values();
  private static final int FLUSH_MAX_BYTES = 4 << 20;

  private final String id;
  private final Path dir;
  private final List<String> stageNames;
  private final RecordCodec codec;
  private final PayloadEncoder encoder;
  private final JournalOptions options;
  private final Mac mac;

  // writer state: the writing thread only
  private final ByteSink batch = new ByteSink(64 * 1024);
  private final ByteSink payloadBytes = new ByteSink(1024); // the record being appended, before it is framed
  private final FrameWriter frames = new FrameWriter();
  /** The next record is written against the zero context: the writer does not know the record before it. */
  private boolean resetNext = true;
  private long[] pendingIndex = new long[16]; // (seq, offset) pairs of the batch, indexed once it is written
  private int pendingIndexSize;
  private long appended;
  private long batchFirstSeq = 1;
  private FileChannel active;
  private Segment activeSegment;
  private long activeSize;
  private byte[] prevTag = new byte[RecordFrame.TAG];
  private long lastSyncNanos = System.nanoTime();
  private boolean unsynced;
  private JournalException broken;
  /** While a resumed run produces again what this journal held: those records, else null (writer only). */
  private RederivedPrefix prefix;
  /** Whether {@link #prefix} is set, for {@link #lastSeq()} on other threads; appends read {@link #prefix}. */
  private volatile boolean rederiving;
  /** While {@link #prefix} is set: the last seq the resumed run has produced again. */
  private volatile long rederived;
  /**
   * The journals of the same stage that a crash must never find behind this one (its order journal
   * before its errors, both before its data): a batch this journal writes early, because it grew
   * large, writes theirs first. Written by the same thread.
   */
  private DiskJournal[] writtenBefore = new DiskJournal[0];
  /** Set by {@link #discardPending()}: the batch was dropped and the journal takes no more appends. */
  private String discarded;

  // shared with readers
  private volatile long visible;
  private final List<Segment> segments = new CopyOnWriteArrayList<>();
  private final Map<Segment, FileChannel> readChannels = new LinkedHashMap<>(4, 0.75f, true);
  /** Once closed, a read opens its channels for that read only and closes them before it returns. */
  private volatile boolean closed;

  private DiskJournal(String id, Path dir, List<String> stageNames, RecordCodec codec, JournalOptions options) {
    this.id = id;
    this.dir = dir;
    this.stageNames = stageNames;
    this.codec = codec;
    this.encoder = new PayloadEncoder(id, codec, options.maxPayload());
    this.options = options;
    this.mac = options.key() == null ? null : BatchSeal.newMac(options.key());
  }

  /** Creates a new, empty journal in {@code dir} (which must not hold one). */
  static DiskJournal create(String id, Path dir, List<String> stageNames, RecordCodec codec, JournalOptions options) {
    DiskJournal j = new DiskJournal(id, dir, stageNames, codec, options);
    try {
      Files.createDirectories(dir);
      if (!JournalScanner.segments(dir).isEmpty()) {
        throw new JournalException(JournalException.Problem.WRITE_FAILED, "journal " + id + ": " + dir + " already holds a journal");
      }
      j.openSegment(1);
    } catch (IOException e) {
      throw new JournalException(JournalException.Problem.WRITE_FAILED, "journal " + id + ": cannot create " + dir + ": " + e, e);
    }
    return j;
  }

  /**
   * Opens an existing journal. A torn tail is reported to {@code onTorn}; with {@code forAppend}
   * it is cut back to the last whole record (or seal) and appends resume after it. Corruption
   * before the tail throws.
   */
  static DiskJournal open(String id, Path dir, List<String> stageNames, RecordCodec codec, JournalOptions options,
      boolean forAppend, java.util.function.Consumer<String> onTorn) {
    return open(id, dir, stageNames, codec, options, forAppend, onTorn, false);
  }

  /**
   * As {@link #open(String, Path, List, RecordCodec, JournalOptions, boolean, java.util.function.Consumer)};
   * with {@code dropEnd} (for append only), a journal that ends with an end of stream has it cut off,
   * and on a journal sealed with a key the rest of its last batch too (the seal covered the whole
   * batch): a resumed run writes its end again when its stage ends, after whatever comes first.
   */
  static DiskJournal open(String id, Path dir, List<String> stageNames, RecordCodec codec, JournalOptions options,
      boolean forAppend, java.util.function.Consumer<String> onTorn, boolean dropEnd) {
    DiskJournal j = new DiskJournal(id, dir, stageNames, codec, options);
    try {
      JournalScanner.Result r = new JournalScanner(id, dir, options.maxPayload(), options.key()).scan(null, INDEX_EVERY);
      j.segments.addAll(r.segments());
      j.appended = r.lastSeq();
      j.visible = r.lastSeq();
      j.prevTag = r.lastTag();
      j.batchFirstSeq = r.lastSeq() + 1;
      r.tornTail().ifPresent(onTorn);
      if (forAppend) {
        if (r.segments().isEmpty()) {
          Files.createDirectories(dir);
          j.openSegment(1);
        } else {
          Segment last = r.segments().get(r.segments().size() - 1);
          j.activeSegment = last;
          j.active = FileChannel.open(last.file, StandardOpenOption.WRITE, StandardOpenOption.READ);
          if (r.tornTail().isPresent()) {
            j.active.truncate(r.validEnd());
            j.active.force(true);
          }
          j.activeSize = r.validEnd() > 0 || r.tornTail().isPresent() ? r.validEnd() : j.active.size();
          if (j.activeSize < RecordFrame.SEGMENT_HEADER) { // created just before a crash: write its header again
            j.active.truncate(0);
            j.writeSegmentHeader();
            j.active.force(true);
          }
          j.active.position(j.activeSize);
          if (dropEnd && r.lastKind().orElse(null) == RecordKind.END_OF_STREAM && r.lastRecord() != null) {
            j.dropLast(r.lastRecord(), r.lastSeq());
          }
        }
      }
    } catch (IOException e) {
      throw new JournalException(JournalException.Problem.READ_FAILED, "journal " + id + ": cannot open " + dir + ": " + e, e);
    }
    return j;
  }

  /** Cuts the last record (with a key: its whole batch) off the active segment; before any append. */
  private void dropLast(JournalScanner.LastRecord last, long lastSeq) throws IOException {
    boolean sealed = mac != null;
    long cutAt = sealed ? last.batchStart() : last.start();
    long newLast = sealed ? last.seqBeforeBatch() : lastSeq - 1;
    active.truncate(cutAt);
    active.force(true);
    activeSize = cutAt;
    active.position(cutAt);
    appended = newLast;
    visible = newLast;
    batchFirstSeq = newLast + 1;
    if (sealed) {
      prevTag = last.tagBeforeBatch();
    }
    activeSegment.truncateIndex(newLast);
    resetNext = true;
  }

  @Override
  public String id() {
    return id;
  }

  /** Whether a write or sync failed: what the file holds past {@link #lastSeq()} is then unknown. */
  boolean failed() {
    return broken != null;
  }

  /** The HMAC tag of the last sealed batch (zeros when unsealed or empty); for the run's seal. */
  byte[] lastTag() {
    return prevTag.clone();
  }

  /** The journal's directory. */
  public Path directory() {
    return dir;
  }

  /** Bytes written to the journal's files (batches with their seals), for metrics. */
  private volatile long bytesWritten;
  /** Where the time of each sync goes (metrics), or null. */
  private volatile java.util.function.LongConsumer syncTimer;

  @Override
  public int append(
      long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq, long correlationId,
      int depth, long timestamp, Object payload) {
    return append(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth, timestamp, payload,
        false);
  }

  @Override
  public int append(
      long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq, long correlationId,
      int depth, long timestamp, Object payload, boolean fallback) {
    if (broken != null) {
      throw broken;
    }
    if (discarded != null) {
      throw new IllegalStateException("journal " + id + " takes no more appends: " + discarded);
    }
    if (prefix != null) {
      return rederive(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth, payload, fallback);
    }
    if (seq != appended + 1) {
      throw new IllegalStateException("journal " + id + ": append of seq " + seq + " after seq " + appended
          + " (seqs must follow each other without gaps)");
    }
    ByteSink p = payloadBytes;
    p.reset();
    int payloadCrc = encoder.encode(seq, kind, parentStage, payload, p); // refused whole: the batch holds no trace of it
    ByteSink b = batch;
    int start = b.size();
    boolean indexed = (seq - activeSegment.firstSeq) % INDEX_EVERY == 0;
    int flags = fallback ? RecordFrame.FLAG_FALLBACK : 0;
    frames.write(b, indexed || resetNext, seq, kind, flags, parentStage, parentSeq, joinedStage, joinedSeq,
        correlationId, depth, timestamp, p.array(), 0, p.size());
    resetNext = false;
    if (indexed) {
      if (pendingIndexSize + 2 > pendingIndex.length) {
        pendingIndex = java.util.Arrays.copyOf(pendingIndex, pendingIndex.length * 2);
      }
      pendingIndex[pendingIndexSize++] = seq;
      pendingIndex[pendingIndexSize++] = activeSize + start;
    }
    appended = seq;
    if (b.size() >= FLUSH_MAX_BYTES) { // a huge batch: write it now; readers simply see it earlier
      try {
        for (DiskJournal earlier : writtenBefore) {
          earlier.flush();
        }
      } catch (RuntimeException e) {
        discardPending(); // this journal may not hold what the one that failed lacks
        throw e;
      }
      flush();
    }
    return payloadCrc;
  }

  /**
   * Makes a batch this journal writes before its stage ends it (a batch over {@value #FLUSH_MAX_BYTES}
   * bytes) write {@code earlier}'s pending records first, so that on disk this journal is never
   * ahead of them: a resume relies on a source's error journal holding every rejection before its
   * last journaled event, and on an order journal never being behind the outputs it orders.
   */
  void writtenAfter(DiskJournal... earlier) {
    writtenBefore = earlier.clone();
  }

  /**
   * Drops the records appended since the last flush: the stage's batch failed to reach a journal
   * written before this one, and writing the rest of it here would put this journal ahead of that
   * one on disk. The journal takes no more appends; {@link #close()} keeps what was flushed.
   */
  @Override
  public void discardPending() {
    if (prefix != null) {
      prefix = null; // a resumed stage failed while producing its journaled records again: they stay
      rederiving = false;
    }
    batch.reset();
    pendingIndexSize = 0;
    appended = batchFirstSeq - 1;
    discarded = "its stage's batch was dropped after a journal written before it failed";
  }

  /**
   * For a resumed run: the records this journal holds (cut back to its last whole one) are produced
   * again by its stage, which cannot skip them; from now on an append of one of those seqs is checked
   * against the journaled record ({@link RederivedPrefix}) and not written again, and appends go on
   * after them. Call it on the writing thread, before the first append.
   */
  void rederivePrefix() {
    if (appended > 0) {
      prefix = new RederivedPrefix(this, appended);
      rederived = 0;
      rederiving = true;
    }
  }

  private int rederive(long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq,
      long correlationId, int depth, Object payload, boolean fallback) {
    if (seq != rederived + 1) {
      throw new IllegalStateException("journal " + id + ": append of seq " + seq + " after seq " + rederived
          + " (seqs must follow each other without gaps)");
    }
    ByteSink p = payloadBytes;
    p.reset();
    int payloadCrc = encoder.encode(seq, kind, parentStage, payload, p);
    prefix.check(seq, kind, ref(parentStage, parentSeq), ref(joinedStage, joinedSeq), correlationId, depth, fallback,
        payload, payloadCrc);
    rederived = seq;
    if (seq == prefix.last()) {
      prefix = null; // what follows is new
      rederiving = false;
    }
    return payloadCrc;
  }

  /** The payload buffer keeps the bytes until the next append. */
  @Override
  public byte[] lastPayload() {
    return java.util.Arrays.copyOf(payloadBytes.array(), payloadBytes.size());
  }

  @Override
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public void timeSyncs(java.util.function.LongConsumer timer) {
    syncTimer = timer;
  }

  @Override
  public void flush() {
    if (broken != null) {
      throw broken;
    }
    if (batch.size() == 0) {
      return;
    }
    // An interrupt left on the writing thread would close the channel in the middle of the write
    // (ClosedByInterruptException) and lose the batch: write with the flag clear, then restore it.
    boolean interrupted = Thread.interrupted();
    try {
      writeBatch();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void writeBatch() {
    try {
      byte[] tag = mac != null ? seal() : null;
      ByteBuffer data = batch.view(0, batch.size());
      while (data.hasRemaining()) {
        active.write(data);
      }
      bytesWritten += batch.size(); // one writer: the journal's stage thread
      if (tag != null) {
        prevTag = tag; // the chain moves on only with a batch that is in the file
      }
    } catch (IOException e) {
      throw fail(isNoSpace(e) ? JournalException.Problem.NO_SPACE : JournalException.Problem.WRITE_FAILED,
          "cannot write seqs " + batchFirstSeq + ".." + appended + " to " + activeSegment.file, e);
    }
    sync(false);
    for (int i = 0; i < pendingIndexSize; i += 2) {
      activeSegment.index(pendingIndex[i], pendingIndex[i + 1]);
    }
    pendingIndexSize = 0;
    activeSize += batch.size();
    batch.reset();
    batchFirstSeq = appended + 1;
    visible = appended;
    if (activeSize >= options.segmentBytes()) {
      roll();
    }
  }

  /** Appends the batch's seal to it; returns the seal's tag, which the chain takes once the batch is written. */
  private byte[] seal() {
    byte[] tag = BatchSeal.tag(mac, id, batchFirstSeq, appended, prevTag, batch.array(), 0, batch.size());
    frames.writeSeal(batch, batchFirstSeq, appended, tag);
    return tag;
  }

  private void sync(boolean always) {
    Durability d = options.durability();
    boolean due = switch (d.mode()) {
      case NONE -> always;
      case BATCH -> true;
      case INTERVAL -> always || System.nanoTime() - lastSyncNanos >= d.interval().toNanos();
    };
    if (!due) {
      unsynced = d.mode() == Durability.Mode.INTERVAL; // written, not yet durable: syncPending() will sync it
      return;
    }
    try {
      options.faults().beforeSync(id);
      long from = System.nanoTime();
      active.force(false);
      lastSyncNanos = System.nanoTime();
      java.util.function.LongConsumer timer = syncTimer;
      if (timer != null) {
        timer.accept(lastSyncNanos - from);
      }
      unsynced = false;
    } catch (IOException e) {
      throw fail(JournalException.Problem.SYNC_FAILED, "sync of " + activeSegment.file + " failed", e);
    }
  }

  /** Syncs the batches written since the last sync (interval durability), e.g. before the writer idles. */
  @Override
  public void syncPending() {
    if (unsynced && broken == null && active != null) {
      sync(true);
    }
  }

  private void roll() {
    syncPending(); // the segment being closed must not keep unsynced batches
    try {
      writeIndex(activeSegment);
      active.close();
      openSegment(appended + 1);
    } catch (IOException e) {
      throw fail(JournalException.Problem.WRITE_FAILED, "cannot roll to a new segment after seq " + appended, e);
    }
  }

  private void openSegment(long firstSeq) throws IOException {
    Segment s = new Segment(firstSeq, dir.resolve(Segment.fileName(firstSeq)));
    active = options.faults().open(s.file);
    activeSegment = s;
    writeSegmentHeader();
    segments.add(s);
    if (options.durability().mode() != Durability.Mode.NONE) {
      syncDirectory(dir);
    }
  }

  /** Writes the segment header at the start of the active segment, which is empty. */
  private void writeSegmentHeader() throws IOException {
    ByteBuffer header = ByteBuffer.wrap(RecordFrame.segmentHeader());
    while (header.hasRemaining()) {
      active.write(header);
    }
    activeSize = RecordFrame.SEGMENT_HEADER;
  }

  private void writeIndex(Segment s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16 * s.indexSize());
    for (int i = 0; i < s.indexSize(); i++) {
      b.putLong(s.indexSeq(i)).putLong(s.indexOffset(i));
    }
    b.flip();
    Path tmp = s.indexFile().resolveSibling(s.indexFile().getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
    Files.move(tmp, s.indexFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Fsyncs a directory so that files created in it survive a crash. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private JournalException fail(JournalException.Problem problem, String what, IOException cause) {
    broken = new JournalException(problem, "journal " + id + ": " + what + ": " + cause.getMessage(), cause);
    return broken;
  }

  private static boolean isNoSpace(IOException e) {
    return String.valueOf(e.getMessage()).contains("No space left on device");
  }

  @Override
  public long lastSeq() {
    // while a resumed run produces its records again, it has produced as far as it has checked
    return rederiving ? rederived : visible;
  }

  /** The records the journal's files hold and readers may read, a resumed run's prefix included. */
  long recordsHeld() {
    return visible;
  }

  @Override
  public List<JournalRecord> read(long fromSeq, int maxRecords) {
    long last = visible;
    long first = Math.max(1, fromSeq);
    if (first > last || maxRecords <= 0) {
      return List.of();
    }
    long to = Math.min(last, first + maxRecords - 1);
    List<JournalRecord> out = new ArrayList<>((int) Math.min(to - first + 1, 1 << 16));
    synchronized (readChannels) {
      try {
        long seq = first;
        for (int si = segmentFor(first); si < segments.size() && seq <= to; si++) {
          seq = readSegment(segments.get(si), seq, to, out);
        }
      } catch (java.nio.channels.ClosedByInterruptException e) {
        // NIO closed the channel because this thread was interrupted: drop it from the cache so that
        // other readers reopen it, and report the interrupt to this caller only.
        dropClosedChannels();
        Thread.currentThread().interrupt();
        throw new JournalException(JournalException.Problem.READ_FAILED, "journal " + id + ": read from seq " + first
            + " was interrupted (the reading thread " + Thread.currentThread().getName()
            + " has its interrupt flag set); the journal is intact: read again after clearing the interrupt", e);
      } catch (IOException e) {
        dropClosedChannels();
        throw new JournalException(JournalException.Problem.READ_FAILED, "journal " + id + ": read from seq " + first
            + " failed: " + e.getMessage(), e);
      } finally {
        if (closed) {
          closeReadChannels(); // no cached channel outlives close()
        }
      }
    }
    return out;
  }

  private int segmentFor(long seq) {
    int found = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).firstSeq <= seq) {
        found = i;
      }
    }
    return found;
  }

  /**
   * Reads records {@code from..to} of one segment into {@code out}, starting at the reset point the
   * sparse index holds at or before {@code from} (else at the segment's first record); returns the
   * next seq wanted.
   */
  private long readSegment(Segment s, long from, long to, List<JournalRecord> out) throws IOException {
    FileChannel ch = readChannel(s);
    int entry = s.floorIndex(from);
    long offset = entry < 0 ? RecordFrame.SEGMENT_HEADER : s.indexOffset(entry);
    long next = entry < 0 ? s.firstSeq : s.indexSeq(entry);
    FrameReader reader = new FrameReader(options.maxPayload());
    long maxBody = FrameReader.maxBody(options.maxPayload());
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    long bufStart = offset;
    buf.limit(0);
    long size = ch.size();
    boolean started = false;
    while (next <= to && offset < size) {
      int at = (int) (offset - bufStart);
      int frameLen = RecordFrame.frameLength(buf.array(), at, buf.limit(), maxBody);
      if (frameLen == RecordFrame.INCOMPLETE || frameLen > 0 && buf.limit() - at < frameLen) {
        bufStart = offset;
        buf = fill(ch, buf, offset, Math.max(frameLen, 16));
        at = 0;
        frameLen = RecordFrame.frameLength(buf.array(), 0, buf.limit(), maxBody);
        if (frameLen > buf.limit()) { // a frame larger than the buffer
          buf = fill(ch, buf, offset, frameLen);
        }
        if (frameLen == RecordFrame.INCOMPLETE || frameLen > 0 && buf.limit() < frameLen) {
          break; // not all written yet: beyond what is visible
        }
      }
      if (frameLen == RecordFrame.OUT_OF_BOUNDS) {
        throw corrupt(s, offset, next, "payload length out of bounds");
      }
      byte[] a = buf.array();
      if (!reader.check(a, at, frameLen, next)) {
        throw corrupt(s, offset, next, reader.problem());
      }
      RecordFrame.Header h = reader.decode(a, at, frameLen, next);
      if (h == null) {
        throw corrupt(s, offset, next, reader.problem());
      }
      offset += frameLen;
      if (h.kind() == RecordFrame.SEAL) {
        continue;
      }
      if (!started && !h.reset()) {
        throw corrupt(s, offset - frameLen, next, "reading starts at a record that is not a reset point");
      }
      started = true;
      if (next >= from) {
        RecordKind kind = KINDS[h.kind()];
        byte[] bytes = reader.payloadCopy();
        Object payload = codec.decode(kind, h.parentStage(), bytes, 0, bytes.length);
        out.add(new JournalRecord(h.seq(), kind, ref(h.parentStage(), h.parentSeq()), ref(h.joinedStage(), h.joinedSeq()),
            h.correlation(), h.depth(), h.timestamp(), payload, bytes, h.fallback()));
      }
      next++;
    }
    return next;
  }

  private static ByteBuffer fill(FileChannel ch, ByteBuffer buf, long from, int atLeast) throws IOException {
    if (buf.capacity() < atLeast) {
      buf = ByteBuffer.allocate(Math.max(atLeast, buf.capacity() * 2));
    }
    buf.clear();
    while (buf.hasRemaining()) {
      if (ch.read(buf, from + buf.position()) < 0) {
        break;
      }
    }
    buf.flip();
    return buf;
  }

  private FileChannel readChannel(Segment s) throws IOException {
    FileChannel ch = readChannels.get(s);
    if (ch != null && !ch.isOpen()) { // closed under a reader by an interrupt: reopen it
      readChannels.remove(s);
      ch = null;
    }
    if (ch == null) {
      if (readChannels.size() >= READ_CHANNELS) {
        var eldest = readChannels.entrySet().iterator().next();
        eldest.getValue().close();
        readChannels.remove(eldest.getKey());
      }
      ch = FileChannel.open(s.file, StandardOpenOption.READ);
      readChannels.put(s, ch);
    }
    return ch;
  }

  /** Drops cached read channels that are closed (an interrupted reader's); the caller holds the lock. */
  private void dropClosedChannels() {
    readChannels.values().removeIf(ch -> !ch.isOpen());
  }

  private EventRef ref(int stage, long seq) {
    return stage < 0 || stage >= stageNames.size() ? EventRef.NONE : new EventRef(stageNames.get(stage), seq);
  }

  private JournalException corrupt(Segment s, long offset, long seq, String why) {
    return new JournalException(JournalException.Problem.CORRUPT,
        "journal " + id + " is corrupt: " + s.file + " at offset " + offset + ", seq " + seq + ": " + why);
  }

  /** Closes the read channels of a journal opened for reading only; later reads close their own. */
  void closeReader() {
    synchronized (readChannels) {
      closed = true;
      closeReadChannels();
    }
  }

  /** Closes and forgets every cached read channel; the caller holds the lock. */
  private void closeReadChannels() {
    for (FileChannel ch : readChannels.values()) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // a read channel holds no data
      }
    }
    readChannels.clear();
  }

  /** Writes what is pending, syncs, writes the active segment's index and closes every file. */
  public void close() {
    try {
      if (broken == null && active != null) {
        flush();
        if (options.durability().mode() != Durability.Mode.NONE) {
          sync(true);
        }
        writeIndex(activeSegment);
      }
    } catch (IOException e) {
      throw fail(JournalException.Problem.WRITE_FAILED, "cannot close", e);
    } finally {
      try {
        if (active != null) {
          active.close();
        }
        synchronized (readChannels) {
          closed = true;
          closeReadChannels();
        }
      } catch (IOException ignored) {
        // closing read channels cannot lose data
      }
    }
  }

  @Override
  public String toString() {
    return "DiskJournal[" + id + ", " + visible + " records, " + dir + "]";
  }
}

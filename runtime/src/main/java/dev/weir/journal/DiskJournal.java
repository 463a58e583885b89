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
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
  private long[] pendingIndex = new long[16]; // (seq, offset) pairs of the batch, indexed once it is written
  private int pendingIndexSize;
  private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
  private long appended;
  private int lastPayloadAt;
  private int lastPayloadLength;
  private long batchFirstSeq = 1;
  private FileChannel active;
  private Segment activeSegment;
  private long activeSize;
  private byte[] prevTag = new byte[RecordFrame.TAG];
  private long lastSyncNanos = System.nanoTime();
  private boolean unsynced;
  private JournalException broken;

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
    this.mac = options.key() == null ? null : newMac(options.key());
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
          j.active.position(j.activeSize);
        }
      }
    } catch (IOException e) {
      throw new JournalException(JournalException.Problem.READ_FAILED, "journal " + id + ": cannot open " + dir + ": " + e, e);
    }
    return j;
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
    if (seq != appended + 1) {
      throw new IllegalStateException("journal " + id + ": append of seq " + seq + " after seq " + appended
          + " (seqs must follow each other without gaps)");
    }
    ByteSink b = batch;
    int start = b.size();
    b.reserve(RecordFrame.HEADER);
    int payloadCrc;
    try {
      payloadCrc = encoder.encode(seq, kind, parentStage, payload, b);
    } catch (JournalException e) {
      b.truncate(start); // refused whole: the batch holds no trace of it
      throw e;
    }
    int length = b.size() - start - RecordFrame.HEADER;
    lastPayloadAt = start + RecordFrame.HEADER;
    lastPayloadLength = length;
    byte[] a = b.array();
    a[start] = (byte) (RecordFrame.MAGIC >>> 8);
    a[start + 1] = (byte) RecordFrame.MAGIC;
    a[start + 2] = RecordFrame.VERSION;
    a[start + 3] = RecordFrame.kindByte(kind, fallback);
    b.putInt(start + 4, length);
    b.putLong(start + 12, seq);
    b.putInt(start + 20, parentStage);
    b.putLong(start + 24, parentSeq);
    b.putInt(start + 32, joinedStage);
    b.putLong(start + 36, joinedSeq);
    b.putLong(start + 44, correlationId);
    b.putInt(start + 52, depth);
    b.putLong(start + 56, timestamp);
    crc.reset();
    crc.update(a, start + RecordFrame.CRC_FROM, b.size() - start - RecordFrame.CRC_FROM);
    b.putInt(start + 8, (int) crc.getValue());
    if ((seq - activeSegment.firstSeq) % INDEX_EVERY == 0) {
      if (pendingIndexSize + 2 > pendingIndex.length) {
        pendingIndex = java.util.Arrays.copyOf(pendingIndex, pendingIndex.length * 2);
      }
      pendingIndex[pendingIndexSize++] = seq;
      pendingIndex[pendingIndexSize++] = activeSize + start;
    }
    appended = seq;
    if (b.size() >= FLUSH_MAX_BYTES) {
      flush(); // a huge batch: write it now; readers simply see it earlier
    }
    return payloadCrc;
  }

  /** The batch buffer keeps the bytes until the next append, even once a flush wrote them. */
  @Override
  public byte[] lastPayload() {
    return java.util.Arrays.copyOfRange(batch.array(), lastPayloadAt, lastPayloadAt + lastPayloadLength);
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
    byte[] tag = tag(mac, id, batchFirstSeq, appended, prevTag, batch.array(), 0, batch.size());
    int start = batch.reserve(RecordFrame.HEADER + RecordFrame.SEAL_PAYLOAD);
    byte[] a = batch.array();
    java.util.Arrays.fill(a, start, start + RecordFrame.HEADER, (byte) 0);
    a[start] = (byte) (RecordFrame.MAGIC >>> 8);
    a[start + 1] = (byte) RecordFrame.MAGIC;
    a[start + 2] = RecordFrame.VERSION;
    a[start + 3] = RecordFrame.SEAL;
    batch.putInt(start + 4, RecordFrame.SEAL_PAYLOAD);
    batch.putInt(start + 20, -1);
    batch.putInt(start + 32, -1);
    batch.putLong(start + RecordFrame.HEADER, batchFirstSeq);
    batch.putLong(start + RecordFrame.HEADER + 8, appended);
    System.arraycopy(tag, 0, a, start + RecordFrame.HEADER + 16, RecordFrame.TAG);
    batch.putInt(start + 8, RecordFrame.crc(a, start + RecordFrame.CRC_FROM, batch.size()));
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
      active.force(false);
      lastSyncNanos = System.nanoTime();
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
    activeSize = 0;
    segments.add(s);
    if (options.durability().mode() != Durability.Mode.NONE) {
      syncDirectory(dir);
    }
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
          Segment s = segments.get(si);
          seq = readSegment(s, seq == first ? s.offsetFor(first) : 0, seq, to, out);
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

  /** Reads records {@code from..to} of one segment into {@code out}; returns the next seq wanted. */
  private long readSegment(Segment s, long offset, long from, long to, List<JournalRecord> out) throws IOException {
    FileChannel ch = readChannel(s);
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    long bufStart = offset;
    buf.limit(0);
    long next = from;
    long size = ch.size();
    while (next <= to && offset < size) {
      int at = (int) (offset - bufStart);
      if (buf.limit() - at < RecordFrame.HEADER) {
        bufStart = offset;
        buf = fill(ch, buf, offset, RecordFrame.HEADER);
        at = 0;
        if (buf.limit() < RecordFrame.HEADER) {
          break;
        }
      }
      if (buf.getShort(at) != RecordFrame.MAGIC) {
        throw corrupt(s, offset, next, "bad magic");
      }
      int length = buf.getInt(at + 4);
      if (length < 0 || length > options.maxPayload() + RecordFrame.SEAL_PAYLOAD) {
        throw corrupt(s, offset, next, "payload length " + length + " out of bounds");
      }
      int frameLen = RecordFrame.HEADER + length;
      if (buf.limit() - at < frameLen) {
        bufStart = offset;
        buf = fill(ch, buf, offset, frameLen);
        at = 0;
        if (buf.limit() < frameLen) {
          break; // not all written yet: beyond what is visible
        }
      }
      if (RecordFrame.crc(buf, at + RecordFrame.CRC_FROM, at + frameLen) != buf.getInt(at + 8)) {
        throw corrupt(s, offset, next, "CRC32C mismatch");
      }
      RecordFrame.Header h = RecordFrame.Header.read(buf, at);
      offset += frameLen;
      if (h.kind() == RecordFrame.SEAL || h.seq() < next) {
        continue;
      }
      if (h.seq() != next) {
        throw corrupt(s, offset - frameLen, next, "seq " + h.seq() + " where seq " + next + " belongs");
      }
      RecordKind kind = RecordKind.values()[h.kind()];
      int payloadAt = buf.arrayOffset() + at + RecordFrame.HEADER;
      byte[] bytes = java.util.Arrays.copyOfRange(buf.array(), payloadAt, payloadAt + length);
      Object payload = codec.decode(kind, h.parentStage(), bytes, 0, length);
      out.add(new JournalRecord(h.seq(), kind, ref(h.parentStage(), h.parentSeq()), ref(h.joinedStage(), h.joinedSeq()),
          h.correlation(), h.depth(), h.timestamp(), payload, bytes, h.fallback()));
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

  static Mac newMac(byte[] key) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available: " + e, e);
    }
  }

  static byte[] tag(Mac mac, String journalId, long first, long last, byte[] prevTag, byte[] bytes) {
    return tag(mac, journalId, first, last, prevTag, bytes, 0, bytes.length);
  }

  static byte[] tag(Mac mac, String journalId, long first, long last, byte[] prevTag, byte[] bytes, int off, int len) {
    mac.reset();
    mac.update(journalId.getBytes(StandardCharsets.UTF_8));
    mac.update(ByteBuffer.allocate(16).putLong(first).putLong(last).array());
    mac.update(prevTag);
    mac.update(bytes, off, len);
    return mac.doFinal();
  }

  @Override
  public String toString() {
    return "DiskJournal[" + id + ", " + visible + " records, " + dir + "]";
  }
}

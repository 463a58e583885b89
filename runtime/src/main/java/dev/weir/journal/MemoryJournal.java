package dev.weir.journal;

import dev.weir.flow.JournalRecord;

import dev.weir.flow.EventRef;
import dev.weir.flow.RecordKind;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A journal on the heap. Payloads are encoded by the same codecs, under the same payload limit,
 * as on disk, and kept as bytes: a memory run accepts and refuses exactly what a disk run does,
 * reads back what a disk run would, and holds no reference to the payload objects it journaled.
 * Records are stored as columns in fixed-size chunks, each with its own byte arena, so an append
 * writes a few array slots and allocates only when a chunk fills or its arena grows. One writer;
 * readers see records up to the last {@link #flush()} (a volatile write publishes them). With a
 * retention limit, whole chunks older than the newest {@code retain} records are released, so a
 * long run's heap stays bounded, and a released chunk is reused for the next records, so the steady
 * state allocates no chunks at all; a read of a released record then fails saying so (never a
 * silently shorter list).
 */
final class MemoryJournal implements Journal {

  private static final int CHUNK_BITS = 13;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MASK = CHUNK - 1;
  /** Longs per record in a chunk's rows. */
  private static final int ROW = 6;
  /** Records a journal's first chunk has room for before it grows. */
  private static final int FIRST_CHUNK_RECORDS = 64;
  private static final RecordKind[] KINDS = RecordKind.values();
  /** In a record's kind byte: produced by a circuit breaker's fallback (as on disk). */
  private static final int FALLBACK = 0x80;

  private final String id;
  private final List<String> stageNames;
  private final long retain;
  private final RecordCodec codec;
  private final PayloadEncoder encoder;

  private Chunk[] chunks = new Chunk[16];
  private Chunk current;
  /** A chunk the window released, kept to hold the next records instead of allocating another; writer only. */
  private Chunk spare;
  private long appended;
  private int lastFrom;
  private volatile long visible;
  private volatile long firstRetained = 1;

  MemoryJournal(String id, List<String> stageNames, long retain, RecordCodec codec, int maxPayload) {
    this.id = id;
    this.stageNames = stageNames;
    this.retain = retain;
    this.codec = codec;
    this.encoder = new PayloadEncoder(id, codec, maxPayload);
    if (stageNames.size() >= 0xFFFFFF) { // a joined stage's index takes 24 bits of a row
      throw new IllegalArgumentException("journal " + id + ": a memory journal holds flows of fewer than "
          + 0xFFFFFF + " stages, not " + stageNames.size());
    }
  }

  private static final class Chunk {
    /**
     * The records' columns, {@link #ROW} longs to a record, one record after the other, so an append
     * writes one run of memory: parent seq, joined seq, correlation, time stamp, where the payload's
     * bytes end in {@link #arena} (they start where the previous record's end) with the depth, the
     * parent and joined stages, and the kind.
     */
    long[] rows;
    /** {@link #rows} as of the last flush, published by a volatile write, as {@link #published} is for the arena. */
    volatile long[] publishedRows;
    /**
     * The payload bytes, back to back. Its array is replaced by a larger copy when full; a reader
     * holding the old array still finds every flushed byte in it.
     */
    final ByteSink arena;
    /**
     * The arena's array as of the last flush (or the chunk's last append), published by a volatile
     * write: readers take it from here, never from the arena, whose array the writer may replace
     * at any time.
     */
    volatile byte[] published;
    /**
     * Which chunk of the journal this is (record index {@code >>> CHUNK_BITS}). A chunk the window
     * released is reused for newer records: the writer changes this first, and a reader checks it
     * after reading a record, so that it never takes a reused chunk's records for the old ones.
     */
    volatile int number;

    /**
     * A chunk with room for {@code records} records at first (it grows up to {@link #CHUNK}): a
     * journal's first chunk starts small, since many journals (most error journals) hold a few records.
     */
    Chunk(int records, int arenaBytes, int number) {
      rows = new long[records * ROW];
      publishedRows = rows;
      arena = new ByteSink(arenaBytes);
      published = arena.array();
      this.number = number;
    }

    /** Room for the record in {@code slot}; the writer's only. */
    long[] rowsFor(int slot) {
      int need = (slot + 1) * ROW;
      if (need > rows.length) {
        rows = Arrays.copyOf(rows, Math.min(CHUNK * ROW, Math.max(need, rows.length * 2)));
      }
      return rows;
    }

    /** Makes what was written so far visible to readers (with the journal's volatile {@code visible}). */
    void publish() {
      publishedRows = rows;
      published = arena.array();
    }

    /** Makes a released chunk hold chunk {@code number}'s records, from empty. */
    void reuseAs(int newNumber) {
      number = newNumber;
      VarHandle.releaseFence(); // before any of its slots change: a reader of the old records sees it moved
      arena.reset();
      publish();
    }
  }

  @Override
  public String id() {
    return id;
  }

  /** Payload bytes held, for metrics (memory journals hold payloads, not frames). */
  private long payloadBytes;

  @Override
  public long bytesWritten() {
    return payloadBytes;
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
    long index = appended;
    if (seq != index + 1) {
      throw new IllegalStateException("journal " + id + ": append of seq " + seq + " after seq " + index
          + " (seqs must follow each other without gaps)");
    }
    int slot = (int) (index & MASK);
    if (slot == 0 && chunkFor(index) == null) {
      addChunk((int) (index >>> CHUNK_BITS));
    }
    Chunk c = current;
    // straight into the chunk's arena; a refused payload is truncated away, leaving no trace
    int from = c.arena.size();
    int crc = encoder.encode(seq, kind, parentStage, payload, c.arena);
    int end = c.arena.size();
    payloadBytes += end - from; // a plain add: metrics read it, racily, from another thread
    lastFrom = from;
    int kindByte = fallback ? kind.ordinal() | FALLBACK : kind.ordinal();
    long[] rows = c.rowsFor(slot);
    int at = slot * ROW;
    rows[at] = parentSeq;
    rows[at + 1] = joinedSeq;
    rows[at + 2] = correlationId;
    rows[at + 3] = timestamp;
    rows[at + 4] = ((long) end << 32) | (depth & 0xFFFFFFFFL);
    rows[at + 5] = ((long) parentStage << 32) | ((long) (joinedStage & 0xFFFFFF) << 8) | kindByte;
    appended = seq;
    return crc;
  }

  private Chunk chunkFor(long index) {
    int i = (int) (index >>> CHUNK_BITS);
    return i < chunks.length ? chunks[i] : null;
  }

  private void addChunk(int chunkIndex) {
    if (chunkIndex == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunks.length * 2);
    }
    // size the arena like the previous chunk's: steady payloads fill it without copies or waste
    if (current != null) {
      current.publish(); // its last records become visible with a later flush
    }
    int used = current == null ? 0 : current.arena.size();
    if (spare != null) {
      spare.reuseAs(chunkIndex);
      current = spare;
      spare = null;
    } else if (current == null) {
      current = new Chunk(FIRST_CHUNK_RECORDS, 1024, chunkIndex);
    } else {
      current = new Chunk(CHUNK, Math.max(1024, used + (used >>> 4)), chunkIndex);
    }
    chunks[chunkIndex] = current;
    if (retain != Long.MAX_VALUE) {
      // keep the chunks that hold the newest `retain` records, release the older ones
      long keepFrom = Math.max(0, (long) chunkIndex * CHUNK - retain);
      int firstKept = (int) (keepFrom >>> CHUNK_BITS);
      if (firstKept > 0 && chunks[firstKept - 1] != null) {
        firstRetained = (long) firstKept * CHUNK + 1;
        spare = chunks[firstKept - 1]; // reused for the next chunk: a window's steady state allocates nothing
        for (int i = firstKept - 1; i >= 0 && chunks[i] != null; i--) {
          chunks[i] = null;
        }
      }
    }
  }

  @Override
  public byte[] lastPayload() {
    return Arrays.copyOfRange(current.arena.array(), lastFrom, current.arena.size());
  }

  @Override
  public void flush() {
    if (visible != appended) {
      current.publish();
      visible = appended;
    }
  }

  @Override
  public long lastSeq() {
    return visible;
  }

  @Override
  public List<JournalRecord> read(long fromSeq, int maxRecords) {
    long last = visible; // volatile read first: everything up to it is published
    Chunk[] snapshot = chunks;
    long first = Math.max(1, fromSeq);
    last = Math.min(last, first + Math.max(0, maxRecords) - 1);
    if (first <= last && first < firstRetained) {
      throw released(first);
    }
    List<JournalRecord> out = new ArrayList<>((int) Math.max(0, Math.min(1 << 16, last - first + 1)));
    for (long seq = first; seq <= last; seq++) {
      long index = seq - 1;
      int number = (int) (index >>> CHUNK_BITS);
      Chunk c = snapshot[number];
      if (c == null || c.number != number) { // released while we read: never a silently shorter list
        throw released(seq);
      }
      int slot = (int) (index & MASK);
      long[] rows = c.publishedRows;
      int at = slot * ROW;
      if (at + ROW > rows.length) { // only a chunk reused meanwhile has fewer rows than the visible records
        throw released(seq);
      }
      int from = slot == 0 ? 0 : (int) (rows[at - ROW + 4] >>> 32);
      long endAndDepth = rows[at + 4];
      int to = (int) (endAndDepth >>> 32);
      int depth = (int) endAndDepth;
      long stagesAndKind = rows[at + 5];
      int kindByte = (int) (stagesAndKind & 0xFF);
      int parentStage = (int) (stagesAndKind >> 32);
      int joined = (int) ((stagesAndKind >>> 8) & 0xFFFFFF);
      int joinedStage = joined == 0xFFFFFF ? -1 : joined;
      long parentSeq = rows[at];
      long joinedSeq = rows[at + 1];
      long correlation = rows[at + 2];
      long timestamp = rows[at + 3];
      byte[] arena = c.published;
      byte[] bytes = 0 <= from && from <= to && to <= arena.length ? Arrays.copyOfRange(arena, from, to) : null;
      VarHandle.acquireFence(); // the reads above happen before the check below
      if (c.number != number) { // reused for newer records while we read: what we read is not seq's
        throw released(seq);
      }
      if (bytes == null) {
        throw new JournalException(JournalException.Problem.READ_FAILED, "journal " + id + ": seq " + seq
            + " has payload bounds " + from + ".." + to + " outside its chunk's " + arena.length + " bytes");
      }
      RecordKind kind = KINDS[kindByte & 0x7F];
      Object payload;
      try {
        payload = codec.decode(kind, parentStage, bytes, 0, bytes.length);
      } catch (IOException | RuntimeException e) {
        throw new JournalException(JournalException.Problem.READ_FAILED, "journal " + id + ": cannot decode the "
            + kind + " payload of seq " + seq + ": " + e, e);
      }
      out.add(new JournalRecord(seq, kind, ref(parentStage, parentSeq), ref(joinedStage, joinedSeq), correlation, depth,
          timestamp, payload, bytes, (kindByte & FALLBACK) != 0));
    }
    return out;
  }

  /** Reading {@code seq}, which the window no longer holds. */
  private JournalException released(long seq) {
    return new JournalException(JournalException.Problem.READ_FAILED, "journal " + id + " keeps a window of its newest "
        + retain + " records in memory: seq " + seq + " was released (the oldest seq held is " + firstRetained
        + ", the last " + visible + "); read from there on, or run with Journals.memory().keepAll() to keep every record");
  }

  private EventRef ref(int stage, long seq) {
    return stage < 0 || stage >= stageNames.size() ? EventRef.NONE : new EventRef(stageNames.get(stage), seq);
  }

  @Override
  public String toString() {
    return "MemoryJournal[" + id + ", " + visible + " records]";
  }
}

package dev.weir.flow;

/**
 * {@link Journals} kept on the heap, as encoded bytes under the same payload limit as disk
 * journals. By default each stage journal (data, errors, order) keeps a window of at least its
 * newest {@value #DEFAULT_WINDOW} records, released in whole chunks of 8192 as newer ones come, so an
 * endless flow runs in bounded heap; counts, seqs and contract checksums never depend on the
 * window. The system journal, which grows with lifecycle changes and not with events, keeps every
 * record. Reading a record that was released is an error naming the journal and the first seq still
 * held, never a silently shorter list: call {@link #keepAll()} (as tests that read whole journals
 * do) to keep every record. Made by {@link Journals#memory()}.
 */
public final class MemoryJournals implements Journals {

  /** Records each stage journal keeps at least, by default: 65 536 (8 chunks of 8192). */
  public static final long DEFAULT_WINDOW = 65_536;

  private long retain;
  private int maxPayload = DiskJournals.DEFAULT_MAX_PAYLOAD;
  private PayloadFormat payloadFormat = PayloadFormat.DEFAULT;

  MemoryJournals(long retain) {
    if (retain < 1) {
      throw new IllegalArgumentException("memory journals must retain at least 1 record, got " + retain);
    }
    this.retain = retain;
  }

  /**
   * Keeps every record of every journal while the run's handle lives (heap grows with the run): for
   * tests and tools that read whole journals of runs longer than the window.
   */
  public MemoryJournals keepAll() {
    this.retain = Long.MAX_VALUE;
    return this;
  }

  /**
   * Keeps at least the newest {@code records} records of each stage journal (whole chunks of 8192
   * older than that are released); {@value #DEFAULT_WINDOW} unless set.
   */
  public MemoryJournals window(long records) {
    if (records < 1) {
      throw new IllegalArgumentException("memory journals must keep a window of at least 1 record, got " + records);
    }
    this.retain = records;
    return this;
  }

  /** The largest encoded payload an append accepts, in bytes; the disk journals' default unless set. */
  public MemoryJournals maxPayload(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("the payload limit must be positive, got " + value);
    }
    this.maxPayload = value;
    return this;
  }

  /**
   * How the default (Jackson) codec encodes payloads: {@link PayloadFormat#SMILE} by default, as on
   * disk, so that a memory run holds the very bytes a disk run would.
   */
  public MemoryJournals payloadFormat(PayloadFormat value) {
    this.payloadFormat = java.util.Objects.requireNonNull(value, "payloadFormat");
    return this;
  }

  @Override
  public PayloadFormat payloadFormat() {
    return payloadFormat;
  }

  /** The largest encoded payload an append accepts. */
  public int maxPayload() {
    return maxPayload;
  }

  /** How many of its newest records each stage journal keeps at least; {@link Long#MAX_VALUE} after {@link #keepAll()}. */
  public long retain() {
    return retain;
  }

  @Override
  public String toString() {
    return retain == Long.MAX_VALUE ? "memory(keep all)" : "memory(window " + retain + ")";
  }
}

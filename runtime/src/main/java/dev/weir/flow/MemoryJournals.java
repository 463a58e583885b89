package dev.weir.flow;

/**
 * {@link Journals} kept on the heap, as encoded bytes under the same payload limit as disk
 * journals. By default every record stays readable while the run's handle lives; with a retention
 * limit each stage journal keeps about its newest {@code retain} records (the system journal keeps
 * everything), so an unbounded flow runs in bounded heap. Made by {@link Journals#memory()}.
 */
public final class MemoryJournals implements Journals {

  private final long retain;
  private int maxPayload = DiskJournals.DEFAULT_MAX_PAYLOAD;
  private PayloadFormat payloadFormat = PayloadFormat.DEFAULT;

  MemoryJournals(long retain) {
    if (retain < 1) {
      throw new IllegalArgumentException("memory journals must retain at least 1 record, got " + retain);
    }
    this.retain = retain;
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

  /** How many of its newest records each stage journal keeps at least; {@link Long#MAX_VALUE} for all. */
  public long retain() {
    return retain;
  }

  @Override
  public String toString() {
    return retain == Long.MAX_VALUE ? "memory" : "memory(retain " + retain + ")";
  }
}

package dev.weir.engine;

/**
 * A preallocated ring entry, reused for every event that passes through its position. Readers copy
 * out what they need before the producer can wrap around to it.
 */
final class Slot {

  static final byte DATA = 0;
  static final byte END_OF_STREAM = 1;

  byte kind;
  /** The writer's seq of a data event; for an end of stream, the last data seq. */
  long seq;
  int parentStage;
  long parentSeq;
  /** For a join's output: the reference event it joined with (stage index, seq), or -1. */
  int joinedStage = -1;
  long joinedSeq;
  long correlation;
  int depth;
  Object payload;
  /** For an end of stream: the writer's running checksum. */
  long checksum;
  /** For a data event: the CRC32C of its payload bytes as the writer's journal holds them. */
  int payloadCrc;
  /**
   * For a data event of a type whose values can change: its journaled bytes, from which each reader
   * decodes its own copy ({@link #payload} is then null); else null.
   */
  byte[] bytes;

  /** Copies every field of {@code from}. */
  void copyOf(Slot from) {
    kind = from.kind;
    seq = from.seq;
    parentStage = from.parentStage;
    parentSeq = from.parentSeq;
    joinedStage = from.joinedStage;
    joinedSeq = from.joinedSeq;
    correlation = from.correlation;
    depth = from.depth;
    payload = from.payload;
    checksum = from.checksum;
    payloadCrc = from.payloadCrc;
    bytes = from.bytes;
  }
}

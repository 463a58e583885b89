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
}

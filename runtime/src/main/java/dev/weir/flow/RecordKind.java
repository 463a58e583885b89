package dev.weir.flow;

/** What a journal record is. */
public enum RecordKind {
  /** A data event a stage emitted. */
  DATA,
  /** An input that failed, in a stage's error journal. */
  ERROR,
  /** A stage's own end of stream: its last data seq and per-edge checksum. */
  END_OF_STREAM,
  /** A sink's receipt for one consumed event. */
  RECEIPT,
  /** A lifecycle or contract record in the system journal. */
  SYSTEM,
  /** In a stage's order journal: it consumed the next records of one input (payload a {@code Consumed}). */
  CONSUMED
}

package dev.weir.api;

/** What became of one request's items in an {@link IngestSource}. */
enum IngestOutcome {
  /** Emitted, and the batch they were emitted in has been journaled. */
  ACCEPTED,
  /** They did not fit in the buffer; nothing was taken. */
  FULL,
  /** More items than the buffer holds: they never fit. */
  TOO_LARGE,
  /** The source ended (the flow stopped) before it took them; none was emitted. */
  STOPPED,
  /** The source did not take them within the accept timeout; none was emitted. */
  TIMED_OUT,
  /** The run was cancelled or failed while they were being emitted: some may be in the journal. */
  CUT_SHORT
}

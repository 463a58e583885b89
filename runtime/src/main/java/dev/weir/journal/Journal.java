package dev.weir.journal;

import dev.weir.flow.JournalView;

import dev.weir.flow.RecordKind;

/**
 * An append-only sequence of records written by one writer (a stage's data or error journal, or
 * the system journal). Seqs start at 1 and have no gaps: an append out of order is refused. Every
 * journal holds each payload as the bytes its codec encodes, in memory as on disk, so that both
 * accept and refuse the same payloads and read back the same values.
 *
 * <p>Appends take primitives so that the hot path allocates nothing beyond the payload. A journal
 * is written by one thread; {@link #read} may run on any thread and sees every flushed record.
 */
public interface Journal extends JournalView {

  /**
   * Appends one record.
   *
   * @param seq the record's seq: {@link #lastSeq()} + 1
   * @param parentStage index of the parent's stage in the run's stage list, or -1
   * @param parentSeq the parent's seq, or 0
   * @param joinedStage for a join's output: index of the stage of the reference event it joined with, or -1
   * @param joinedSeq the seq of that reference event, or 0
   * @return the CRC32C of the payload's encoded bytes, which contract checksums are computed over
   * @throws IllegalStateException when {@code seq} is not the next seq
   * @throws JournalException when the payload cannot be encoded or is over the payload limit
   *     (nothing was appended), or the journal failed
   */
  int append(
      long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq, long correlationId,
      int depth, long timestamp, Object payload);

  /**
   * As {@link #append(long, RecordKind, int, long, int, long, long, int, long, Object)}, marking the
   * record as produced by a circuit breaker's fallback when {@code fallback} (read back as
   * {@code JournalRecord.fallback()}).
   */
  default int append(
      long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq, long correlationId,
      int depth, long timestamp, Object payload, boolean fallback) {
    if (fallback) {
      throw new UnsupportedOperationException("journal " + id() + " cannot mark fallback records");
    }
    return append(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth, timestamp, payload);
  }

  /**
   * A copy of the encoded payload of the record appended last, for handing each reader its own
   * value decoded from what was journaled; call it right after {@link #append}, on the writer's thread.
   */
  default byte[] lastPayload() {
    throw new UnsupportedOperationException("journal " + id() + " does not hand out payload copies");
  }

  /** Ends a batch: what was appended becomes visible to readers (and durable, per policy). */
  void flush();

  /**
   * Drops what was appended since the last {@link #flush()} and takes no more appends: the stage's
   * batch failed to reach a journal it writes first (its order or error journal), and this journal
   * must not hold on disk what that one lacks. Writer's thread only. A journal that does not outlive
   * the process (in memory) keeps no order across journals to protect and ignores it.
   */
  default void discardPending() {}

  /** Bytes this journal has written (to its files, or held in memory), for metrics; from any thread. */
  default long bytesWritten() {
    return 0;
  }

  /**
   * Times each sync of this journal's files into {@code timer} (nanoseconds, on the writing thread)
   * from now on; null stops it. A journal that never syncs ignores it.
   */
  default void timeSyncs(java.util.function.LongConsumer timer) {}

  /**
   * Makes durable what was flushed but not yet synced (under an interval durability policy the last
   * batch before a pause would otherwise wait for the next write); the writer calls it before it
   * idles. A no-op for journals that have nothing pending or do not sync.
   */
  default void syncPending() {}

}

package dev.weir.journal;

import dev.weir.flow.JournalRecord;

import dev.weir.flow.RecordKind;
import java.util.List;

/**
 * An append-only sequence of records written by one writer (a stage's data or error journal, or
 * the system journal). Seqs start at 1 and have no gaps: an append out of order is refused. Every
 * journal holds each payload as the bytes its codec encodes, in memory as on disk, so that both
 * accept and refuse the same payloads and read back the same values.
 *
 * <p>Appends take primitives so that the hot path allocates nothing beyond the payload. A journal
 * is written by one thread; {@link #read} may run on any thread and sees every flushed record.
 */
public interface Journal {

  /** Names this journal, e.g. {@code "validate.data"}. */
  String id();

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
   * A copy of the encoded payload of the record appended last, for handing each reader its own
   * value decoded from what was journaled; call it right after {@link #append}, on the writer's thread.
   */
  default byte[] lastPayload() {
    throw new UnsupportedOperationException("journal " + id() + " does not hand out payload copies");
  }

  /** Ends a batch: what was appended becomes visible to readers (and durable, per policy). */
  void flush();

  /**
   * Makes durable what was flushed but not yet synced (under an interval durability policy the last
   * batch before a pause would otherwise wait for the next write); the writer calls it before it
   * idles. A no-op for journals that have nothing pending or do not sync.
   */
  default void syncPending() {}

  /** The seq of the last appended record; 0 when empty. */
  long lastSeq();

  /** At most {@code maxRecords} records from {@code fromSeq} on, in seq order. */
  List<JournalRecord> read(long fromSeq, int maxRecords);

  /** The records from {@code fromSeq} on, in seq order. */
  default List<JournalRecord> read(long fromSeq) {
    return read(fromSeq, Integer.MAX_VALUE);
  }

  /** Every record, in seq order; a completed stage's journals end with an {@code END_OF_STREAM} record. */
  default List<JournalRecord> readAll() {
    return read(1);
  }

  /** The closing end of stream, if the last record is one (its stage completed). */
  default java.util.Optional<dev.weir.flow.EndOfStream> endOfStream() {
    long last = lastSeq();
    List<JournalRecord> tail = last == 0 ? List.of() : read(last, 1);
    return !tail.isEmpty() && tail.get(0).kind() == RecordKind.END_OF_STREAM
        ? java.util.Optional.of((dev.weir.flow.EndOfStream) tail.get(0).payload()) : java.util.Optional.empty();
  }

  /** The records before the closing end of stream: every record when there is none (a run that did not complete). */
  default long recordsBeforeEnd() {
    return endOfStream().map(dev.weir.flow.EndOfStream::lastSeq).orElse(lastSeq());
  }

  /** Every record of {@code kind}, in seq order: {@code errors.readAll(RecordKind.ERROR)} gives just the dead letters. */
  default List<JournalRecord> readAll(RecordKind kind) {
    return readAll().stream().filter(r -> r.kind() == kind).toList();
  }
}

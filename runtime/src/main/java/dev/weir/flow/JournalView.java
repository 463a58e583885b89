package dev.weir.flow;

import java.util.List;
import java.util.Optional;

/**
 * One journal of a run, read-only: a stage's data, error or order journal, or the run's system
 * journal. Seqs start at 1 and have no gaps; every record's payload is decoded from the bytes its
 * codec wrote. Reads may run on any thread while the run goes on and see every flushed record.
 */
public interface JournalView {

  /** Names this journal, e.g. {@code "validate.data"}. */
  String id();

  /** The seq of the last record; 0 when empty. */
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

  /** Every record of {@code kind}, in seq order: {@code errors.readAll(RecordKind.ERROR)} gives just the dead letters. */
  default List<JournalRecord> readAll(RecordKind kind) {
    return readAll().stream().filter(r -> r.kind() == kind).toList();
  }

  /** The payloads of the {@code DATA} records, in seq order: what the stage emitted. */
  default List<Object> events() {
    return readAll(RecordKind.DATA).stream().map(JournalRecord::payload).toList();
  }

  /** The dead letters of an error journal, in seq order: each failed input with its reason. */
  default List<DeadLetter> deadLetters() {
    return readAll(RecordKind.ERROR).stream().map(r -> (DeadLetter) r.payload()).toList();
  }

  /** The closing end of stream, if the last record is one (its stage completed). */
  default Optional<EndOfStream> endOfStream() {
    long last = lastSeq();
    List<JournalRecord> tail = last == 0 ? List.of() : read(last, 1);
    return !tail.isEmpty() && tail.get(0).kind() == RecordKind.END_OF_STREAM
        ? Optional.of((EndOfStream) tail.get(0).payload()) : Optional.empty();
  }

  /** The records before the closing end of stream: every record when there is none (a run that did not complete). */
  default long recordsBeforeEnd() {
    return endOfStream().map(EndOfStream::lastSeq).orElse(lastSeq());
  }
}

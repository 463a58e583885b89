package dev.weir.engine;

import dev.weir.flow.DeadLetter;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.RecordKind;
import java.util.List;

/**
 * What a stateless one-input stage of an interrupted run journaled for each input it had finished:
 * its outputs and dead letters, read front to back (a chunk at a time) as the resumed stage is handed
 * the same inputs again, so that it hands them on instead of calling its handler.
 *
 * <p>Which inputs are finished is read from the data journal: every input before the parent of its
 * last record ({@link #finishedThrough()}). That input itself may have had more outputs than the journal
 * kept (a kill can tear a batch between two outputs of one input), and the error journal, written
 * before the data journal, may hold dead letters of a few later inputs: from that input on, the
 * stage handles its inputs live, and what they produce again is checked against what the journals
 * still hold, as for any resumed stage.
 */
final class JournaledOutputs {

  private static final int CHUNK = 4096;

  private final String stage;
  private final Cursor data;
  private final Cursor errors;
  private final long finishedThrough;

  private JournaledOutputs(String stage, String upstream, JournalView data, JournalView errors, long finishedThrough) {
    this.stage = stage;
    this.data = new Cursor(data, RecordKind.DATA, upstream);
    this.errors = new Cursor(errors, RecordKind.ERROR, upstream);
    this.finishedThrough = finishedThrough;
  }

  /**
   * What the stage journaled, or null when its journals do not end with a record for an input of
   * {@code upstream} (an output without a parent, as a drain emits): such a stage is not skipped but
   * runs its handler again over every input, as any other stage does on a resume.
   *
   * @param stage the stage's name, for messages
   * @param upstream the name of the stage's one upstream, whose seqs the records' parents are
   * @param data the stage's data journal as the interrupted run left it
   * @param errors the stage's error journal as the interrupted run left it
   */
  static JournaledOutputs of(String stage, String upstream, JournalView data, JournalView errors) {
    long last = lastParent(data, upstream);
    if (last < 0 || lastParent(errors, upstream) < 0) {
      return null;
    }
    return new JournaledOutputs(stage, upstream, data, errors, Math.max(0, last - 1));
  }

  /**
   * The last seq of its upstream whose outputs and dead letter the journals hold whole, every input
   * before it too; 0 for none.
   */
  long finishedThrough() {
    return finishedThrough;
  }

  /**
   * The next data record the interrupted run journaled for input {@code seq}, taken; null when it
   * journaled no more for it.
   */
  JournalRecord nextOutput(long seq) {
    return data.take(seq);
  }

  /** The dead letter the interrupted run journaled for input {@code seq}, taken; null for none. */
  DeadLetter deadLetter(long seq) {
    JournalRecord r = errors.take(seq);
    return r == null ? null : (DeadLetter) r.payload();
  }

  /**
   * Past {@link #finishedThrough()}: every journaled record of an input up to it must have been handed
   * on by now; one left over names an input the resumed run never handed this stage.
   */
  void checkExhausted() {
    for (Cursor c : new Cursor[] {data, errors}) {
      JournalRecord left = c.peek();
      if (left != null && left.parent().seq() <= finishedThrough) {
        throw new IllegalStateException("stage '" + stage + "': journal " + c.journal.id() + " seq " + left.seq()
            + " is for input " + left.parent() + ", which the resumed run did not hand the stage in its place");
      }
    }
  }

  /** The parent seq of the journal's last record; 0 when it is empty, -1 when that record is not from {@code upstream}. */
  private static long lastParent(JournalView journal, String upstream) {
    long last = journal.lastSeq();
    if (last == 0) {
      return 0;
    }
    JournalRecord r = journal.read(last, 1).get(0);
    return r.parent().stage().equals(upstream) ? r.parent().seq() : -1;
  }

  /** Reads one journal's records of one kind in seq order. */
  private static final class Cursor {
    final JournalView journal;
    final RecordKind kind;
    final String upstream;
    List<JournalRecord> chunk = List.of();
    int at;
    long nextSeq = 1;

    Cursor(JournalView journal, RecordKind kind, String upstream) {
      this.journal = journal;
      this.kind = kind;
      this.upstream = upstream;
    }

    JournalRecord peek() {
      while (at == chunk.size()) {
        if (nextSeq > journal.lastSeq()) {
          return null;
        }
        chunk = journal.read(nextSeq, CHUNK);
        at = 0;
        if (chunk.isEmpty()) {
          throw new IllegalStateException("journal " + journal.id() + " returned no records from seq " + nextSeq
              + " though it holds " + journal.lastSeq());
        }
        nextSeq = chunk.get(chunk.size() - 1).seq() + 1;
      }
      JournalRecord r = chunk.get(at);
      if (r.kind() != kind || !r.parent().stage().equals(upstream)) {
        throw new IllegalStateException("journal " + journal.id() + " seq " + r.seq() + " is a " + r.kind() + " from "
            + r.parent() + ", where a stateless stage journals only " + kind + " records from '" + upstream + "'");
      }
      return r;
    }

    JournalRecord take(long seq) {
      JournalRecord r = peek();
      if (r == null || r.parent().seq() != seq) {
        return null;
      }
      at++;
      return r;
    }
  }
}

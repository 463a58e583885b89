package dev.weir.engine;

import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import java.util.List;

/**
 * The records a journal held when its run was resumed, and nothing the resumed run appends after
 * them: what the interrupted run did, read while the resumed run goes on writing the same journal.
 */
final class JournalPrefix implements JournalView {

  private final JournalView journal;
  private final long last;

  /** @param last the journal's last seq when the run was resumed */
  JournalPrefix(JournalView journal, long last) {
    this.journal = journal;
    this.last = last;
  }

  @Override
  public String id() {
    return journal.id();
  }

  @Override
  public long lastSeq() {
    return last;
  }

  @Override
  public List<JournalRecord> read(long fromSeq, int maxRecords) {
    if (fromSeq > last || maxRecords <= 0) {
      return List.of();
    }
    return journal.read(fromSeq, (int) Math.min(maxRecords, last - Math.max(1, fromSeq) + 1));
  }
}

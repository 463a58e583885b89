package dev.weir.replay;

import dev.weir.api.Emitter;
import dev.weir.api.Source;
import dev.weir.flow.RecordKind;
import dev.weir.flow.JournalView;
import dev.weir.flow.JournalRecord;
import java.util.List;
import java.util.OptionalLong;

/**
 * A source that re-emits what a source stage wrote in an archived run, in seq order, instead of
 * calling its handler. It declares the archived count, so the source contract checks the replay
 * emitted exactly what the original did.
 */
public final class ArchivedSource implements Source<Object> {

  private static final int CHUNK = 4096;

  private final JournalView archived;
  private final long count;
  private long nextSeq = 1;
  private boolean ended;

  public ArchivedSource(JournalView archived) {
    this.archived = archived;
    this.count = archived.recordsBeforeEnd(); // an incomplete run: every record is data
  }

  @Override
  public boolean next(Emitter<Object> out) {
    if (ended) {
      return false;
    }
    List<JournalRecord> records = archived.read(nextSeq, CHUNK);
    for (JournalRecord r : records) {
      nextSeq = r.seq() + 1;
      if (r.kind() == RecordKind.DATA) {
        out.emit(r.payload());
      } else if (r.kind() == RecordKind.END_OF_STREAM) {
        ended = true;
        return false;
      }
    }
    if (records.isEmpty()) {
      ended = true;
    }
    return !ended;
  }

  @Override
  public OptionalLong expectedCount() {
    return OptionalLong.of(count);
  }
}

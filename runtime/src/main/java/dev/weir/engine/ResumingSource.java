package dev.weir.engine;

import dev.weir.api.Emitter;
import dev.weir.api.ResumableSource;
import dev.weir.api.Source;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.RecordKind;
import dev.weir.replay.ArchivedSource;
import java.util.OptionalLong;

/**
 * A {@link ResumableSource} on a resumed run: first emits again what the interrupted run's source
 * journaled (from the journal, so each event is what downstream stages saw, and rejects again the
 * inputs it dead-lettered), then asks the source to continue after them and reads it from there.
 * What it emits again is checked against the journal like any stage's re-derived records.
 */
final class ResumingSource implements Source<Object> {

  private final String stage;
  private final ArchivedSource journaled;
  private final JournalView rejected;
  private final long emitted;
  private final ResumableSource<Object> live;
  private boolean resumed;

  @SuppressWarnings("unchecked")
  ResumingSource(String stage, JournalView data, JournalView errors, ResumableSource<?> live) {
    this.stage = stage;
    this.journaled = new ArchivedSource(data);
    this.rejected = errors;
    this.emitted = data.recordsBeforeEnd();
    this.live = (ResumableSource<Object>) live;
  }

  @Override
  public boolean next(Emitter<Object> out) throws Exception {
    if (!resumed) {
      if (journaled.next(out)) {
        return true;
      }
      long rejects = 0;
      for (JournalRecord r : rejected.readAll(RecordKind.ERROR)) {
        DeadLetter letter = (DeadLetter) r.payload();
        out.reject(String.valueOf(letter.input()), letter.kind(), letter.message());
        rejects++;
      }
      resumed = true;
      try {
        live.resumeAfter(emitted, rejects);
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new IllegalStateException("source '" + stage + "' cannot resume after the " + emitted + " events and "
            + rejects + " dead letters it journaled: " + e.getMessage(), e);
      }
    }
    return live.next(out);
  }

  @Override
  public void close() throws Exception {
    live.close();
  }

  @Override
  public OptionalLong expectedCount() {
    return live.expectedCount();
  }
}

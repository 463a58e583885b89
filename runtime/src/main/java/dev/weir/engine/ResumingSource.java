package dev.weir.engine;

import dev.weir.api.Emitter;
import dev.weir.api.ResumableSource;
import dev.weir.api.Source;
import dev.weir.event.RawInput;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.RecordKind;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A {@link ResumableSource} on a resumed run: first emits again what the interrupted run's source
 * journaled (from the journal, so each event is what downstream stages saw) and rejects again the
 * inputs it dead-lettered before its last journaled event, each where it was among the events (a
 * source's dead letter records, as its correlation id, how many events came before it); then asks
 * the source to continue after them and reads it from there. A dead letter journaled after the last
 * event is the live source's to produce again. What it emits again is checked against the journals
 * like any stage's re-derived records.
 */
final class ResumingSource implements Source<Object> {

  private static final int CHUNK = 4096;

  private final String stage;
  private final JournalView data;
  private final long emitted;
  private final List<JournalRecord> rejects = new ArrayList<>();
  private final ResumableSource<Object> live;
  private List<JournalRecord> chunk = List.of();
  private int inChunk;
  private long nextSeq = 1;
  private int nextReject;
  private boolean resumed;

  @SuppressWarnings("unchecked")
  ResumingSource(String stage, JournalView data, JournalView errors, ResumableSource<?> live) {
    this.stage = stage;
    this.data = data;
    this.emitted = data.recordsBeforeEnd();
    for (JournalRecord r : errors.readAll(RecordKind.ERROR)) {
      if (r.correlationId() > emitted) {
        break; // the error journal is flushed before the data journal: these come after the last event
      }
      rejects.add(r);
    }
    this.live = (ResumableSource<Object>) live;
  }

  @Override
  public boolean next(Emitter<Object> out) throws Exception {
    if (!resumed) {
      for (int n = 0; n < CHUNK; n++) {
        while (nextReject < rejects.size() && rejects.get(nextReject).correlationId() <= nextSeq - 1) {
          DeadLetter letter = (DeadLetter) rejects.get(nextReject++).payload();
          out.reject(letter.input() instanceof RawInput raw ? raw.text() : String.valueOf(letter.input()), letter.kind(),
              letter.message());
        }
        if (nextSeq > emitted) {
          break;
        }
        if (inChunk == chunk.size()) {
          chunk = data.read(nextSeq, CHUNK);
          inChunk = 0;
        }
        out.emit(chunk.get(inChunk++).payload());
        nextSeq++;
      }
      if (nextSeq <= emitted || nextReject < rejects.size()) {
        return true;
      }
      resumed = true;
      chunk = List.of();
      try {
        live.resumeAfter(emitted, rejects.size());
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new IllegalStateException("source '" + stage + "' cannot resume after the " + emitted + " events and "
            + rejects.size() + " dead letters it journaled: " + e.getMessage(), e);
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

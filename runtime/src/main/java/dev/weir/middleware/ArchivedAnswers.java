package dev.weir.middleware;

import dev.weir.api.ErrorKind;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.RecordKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * On replay, what a stage's circuit breaker decided in the archived run: which inputs its fallback
 * answered and which it turned away ({@code CIRCUIT_OPEN}). A breaker's decisions depend on the
 * clock (how long it stays open), so a replay follows the archive's instead of re-deciding: the
 * replay's journals then match the original's for a handler that answers an input the same way
 * each time.
 */
public final class ArchivedAnswers {

  private static final int CHUNK = 4096;

  private final Set<EventRef> answeredByFallback = new HashSet<>();
  private final Set<EventRef> turnedAway = new HashSet<>();

  /** Reads the stage's archived data (or receipt) journal and error journal. */
  public ArchivedAnswers(JournalView data, JournalView errors) {
    scan(data, r -> {
      if (r.fallback()) {
        answeredByFallback.add(r.parent());
      }
    });
    scan(errors, r -> {
      if (r.kind() == RecordKind.ERROR && r.payload() instanceof DeadLetter d && d.kind() == ErrorKind.CIRCUIT_OPEN) {
        turnedAway.add(r.parent());
      }
    });
  }

  private static void scan(JournalView journal, java.util.function.Consumer<JournalRecord> each) {
    long last = journal.lastSeq();
    for (long seq = 1; seq <= last; ) {
      List<JournalRecord> batch = journal.read(seq, CHUNK);
      if (batch.isEmpty()) {
        break;
      }
      batch.forEach(each);
      seq = batch.get(batch.size() - 1).seq() + 1;
    }
  }

  boolean answeredByFallback(EventRef input) {
    return answeredByFallback.contains(input);
  }

  boolean turnedAway(EventRef input) {
    return turnedAway.contains(input);
  }
}

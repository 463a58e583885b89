package dev.weir.flow;

import dev.weir.journal.MemoryJournals;
import dev.weir.journal.RunJournals;
import java.io.IOException;
import java.util.List;

/** Where a run's journals live. */
public interface Journals {

  /** Journals held in memory for the life of the run's handle. */
  static Journals memory() {
    return new MemoryJournals();
  }

  /** Opens the journals of one run: a data and an error journal per stage, and a system journal. */
  RunJournals open(String flowName, String runId, List<StageDefinition> stages) throws IOException;
}

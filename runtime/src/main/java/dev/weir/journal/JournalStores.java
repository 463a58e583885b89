package dev.weir.journal;

import dev.weir.flow.DiskJournals;
import dev.weir.flow.Journals;
import dev.weir.flow.MemoryJournals;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the journals of one run from the user's choice of {@link Journals}. */
public final class JournalStores {

  private JournalStores() {}

  /**
   * Opens the journals of one run: a data and an error journal per stage, an order journal per
   * stage with several inputs or state, and a system journal.
   */
  public static RunJournals open(Journals journals, RunSpec spec) throws IOException {
    if (journals instanceof MemoryJournals m) {
      return new MemoryRunJournals(spec, RunJournals.orderedStages(spec.definition()), m.retain(), m.maxPayload());
    }
    if (journals instanceof DiskJournals d) {
      return DiskRunJournals.create(d, spec, FileFaults.NONE);
    }
    if (journals instanceof FaultInjectingJournals f) {
      return DiskRunJournals.create(f.disk(), spec, f.faults());
    }
    if (journals instanceof JournalProvider p) {
      return java.util.Objects.requireNonNull(p.open(spec), () -> "journals " + journals + " opened no journals");
    }
    throw new IllegalArgumentException("journals " + journals + " (" + journals.getClass().getName()
        + ") are neither Weir's own nor a JournalProvider: use Journals.memory() or Journals.disk(dir)");
  }

  /**
   * Opens the journals of the interrupted run to go on writing them: on disk journals the run in
   * {@code runDir} ({@link DiskRunJournals#resume}), whose durability and key the resumed run uses; on
   * a {@link JournalProvider} the run {@code spec.runId()} ({@link JournalProvider#resume}).
   *
   * @param runDir the run directory on disk journals; ignored by a provider
   * @param previousStatus the run's status before the resume, for its manifest
   */
  public static RunJournals resume(Journals journals, RunSpec spec, Path runDir, String previousStatus)
      throws IOException {
    if (journals instanceof DiskJournals d) {
      return DiskRunJournals.resume(d, spec, runDir, previousStatus, FileFaults.NONE);
    }
    if (journals instanceof FaultInjectingJournals f) {
      return DiskRunJournals.resume(f.disk(), spec, runDir, previousStatus, f.faults());
    }
    if (journals instanceof JournalProvider p) {
      return java.util.Objects.requireNonNull(p.resume(spec, previousStatus),
          () -> "journals " + journals + " resumed no journals");
    }
    throw new IllegalArgumentException("a run is resumed on disk journals, or on journals that keep runs: the flow's"
        + " journals are " + journals + "; use Journals.disk(dir)");
  }
}

package dev.weir.journal;

import java.util.Optional;

/**
 * A finished (or interrupted) run's journals and manifest, read-only, as a replay reads them: a run
 * directory ({@link RunArchive}) or the journals a {@link JournalProvider} keeps ({@link ProvidedRun}).
 */
public interface ArchivedRun extends AutoCloseable {

  /** How the run was written and how it ended. */
  Manifest manifest();

  /** What {@code stage} journaled: its data, its end of stream, and for a sink its receipts. */
  Journal data(String stage);

  /** The inputs {@code stage} failed on. */
  Journal errors(String stage);

  /** The order {@code stage} consumed its inputs in, for a stage with several inputs or state. */
  Optional<Journal> order(String stage);

  /** Lifecycle and contract records. */
  Journal system();

  /** Whether the run completed. */
  default boolean completed() {
    return "COMPLETED".equals(manifest().status());
  }

  @Override
  void close();
}

package dev.weir.flow;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The journals of one run, read-only: per stage a data and an error journal (and an order journal
 * for a stage with several inputs or a stateful stage), plus the system journal. Asking for a stage
 * the run does not have is a clear error naming the run and its stages.
 */
public interface RunView {

  /** The run's id. */
  String runId();

  /** Stage names in definition order; a record's parent stage index points into it. */
  List<String> stageNames();

  /** What {@code stage} wrote: data events, its end of stream, and (for a sink) receipts. */
  JournalView data(String stage);

  /** The inputs {@code stage} failed on, as dead letters. */
  JournalView errors(String stage);

  /** Lifecycle and contract records. */
  JournalView system();

  /**
   * For a stage with several inputs, the order in which it consumed them, and for a stateful stage
   * when its timer fired, so that a replay can follow both; empty for other stages.
   */
  Optional<? extends JournalView> order(String stage);

  /** Where the run's journals are on disk; empty for memory journals. */
  Optional<Path> directory();
}

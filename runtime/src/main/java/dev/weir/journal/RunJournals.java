package dev.weir.journal;

import java.util.List;

/** The journals of one run: per stage a data and an error journal, plus the system journal. */
public interface RunJournals extends AutoCloseable {

  /** The run's id. */
  String runId();

  /** Stage names in definition order; a record's parent stage index points into it. */
  List<String> stageNames();

  /** What {@code stage} wrote: data events, its end of stream, and (for a sink) receipts. */
  Journal data(String stage);

  /** The inputs {@code stage} failed on. */
  Journal errors(String stage);

  /** Lifecycle and contract records. */
  Journal system();

  @Override
  void close();
}

package dev.weir.kafka;

import dev.weir.flow.JournalView;
import dev.weir.flow.RunView;
import dev.weir.journal.RunJournals;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A run's journals as its topics hold them, read-only ({@link KafkaJournals#run}): to look at a run,
 * compare it with another ({@code RunComparison.compare(RunView, RunView)}) or check a replay of it
 * ({@code ReplayVerifier.compare(stages, run::data, replay.journals()::data, limit)}). Close it after use.
 */
public final class KafkaRun implements RunView, AutoCloseable {

  private final RunJournals journals;
  private final String status;

  KafkaRun(RunJournals journals, String status) {
    this.journals = journals;
    this.status = status;
  }

  /** How the run ended as its manifest topic says: {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, or {@code RUNNING} (running, or crashed). */
  public String status() {
    return status;
  }

  @Override
  public String runId() {
    return journals.runId();
  }

  @Override
  public List<String> stageNames() {
    return journals.stageNames();
  }

  @Override
  public JournalView data(String stage) {
    return journals.data(stage);
  }

  @Override
  public JournalView errors(String stage) {
    return journals.errors(stage);
  }

  @Override
  public JournalView system() {
    return journals.system();
  }

  @Override
  public Optional<? extends JournalView> order(String stage) {
    return journals.order(stage);
  }

  /** Empty: the run's journals are topics. */
  @Override
  public Optional<Path> directory() {
    return Optional.empty();
  }

  @Override
  public void close() {
    journals.close();
  }

  @Override
  public String toString() {
    return "run " + runId() + " (" + status + ") on Kafka topics";
  }
}

package dev.weir.journal;

import dev.weir.flow.RunView;
import dev.weir.flow.FlowState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The journals of one run: per stage a data and an error journal, plus the system journal. */
public interface RunJournals extends RunView, AutoCloseable {

  /** What {@code stage} wrote: data events, its end of stream, and (for a sink) receipts. */
  @Override
  Journal data(String stage);

  /** The inputs {@code stage} failed on. */
  @Override
  Journal errors(String stage);

  /** Lifecycle and contract records. */
  @Override
  Journal system();

  /**
   * For a stage with several inputs, the order in which it consumed them ({@code CONSUMED}
   * records), and for a stateful stage when its timer fired, so that a replay can follow both;
   * empty for other stages.
   */
  @Override
  Optional<Journal> order(String stage);

  /**
   * The stages that get an order journal: those with several inputs (the order they consumed them
   * in) and stateful stages (whose time-based emit policies record when their timer fired).
   */
  static java.util.Set<String> orderedStages(dev.weir.flow.FlowDefinition definition) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (var s : definition.stages()) {
      if (definition.inputsOf(s.name()).size() > 1 || s.kind() == dev.weir.flow.StageKind.STATEFUL) {
        out.add(s.name());
      }
    }
    return out;
  }

  /** Where the run's journals are on disk; empty for memory journals. */
  @Override
  default Optional<Path> directory() {
    return Optional.empty();
  }

  /**
   * The thread of {@code stage} did not end when the run did: {@link #close()} leaves its journals
   * alone (their writer may still append) instead of flushing and closing them under it.
   */
  default void abandon(String stage) {}

  /**
   * For a resumed run: how many records each journal (by id: {@code <stage>.data}, {@code .errors},
   * {@code .order}, {@code system}) held when it was opened, after any torn tail was cut; empty for a
   * new run.
   */
  default java.util.Map<String, Long> resumedWith() {
    return java.util.Map.of();
  }

  /** Records how the run ended (a disk run writes it to its manifest); called once, before close. */
  default void complete(FlowState state, String detail) {}

  @Override
  void close();
}

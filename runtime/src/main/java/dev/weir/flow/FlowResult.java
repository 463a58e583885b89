package dev.weir.flow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How a run ended: its final state, why it failed if it did, and what each stage did. */
public final class FlowResult {

  private final String flowName;
  private final String runId;
  private final FlowState state;
  private final FlowException failure;
  private final List<StageResult> stages;
  private final Map<String, StageResult> byName;
  private final Duration elapsed;
  private final List<String> lingeringStages;
  private final String detail;

  /** Built by the engine when a run ends with every stage thread ended. */
  public FlowResult(
      String flowName, String runId, FlowState state, FlowException failure, List<StageResult> stages, Duration elapsed) {
    this(flowName, runId, state, failure, stages, elapsed, List.of());
  }

  /** Built by the engine when a run ends; {@code lingeringStages} name the stages whose threads did not end. */
  public FlowResult(String flowName, String runId, FlowState state, FlowException failure, List<StageResult> stages,
      Duration elapsed, List<String> lingeringStages) {
    this(flowName, runId, state, failure, stages, elapsed, lingeringStages,
        failure != null ? failure.getMessage() : state.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** As the other constructors, with {@code detail}: how the run ended, in words, as its manifest records it. */
  public FlowResult(String flowName, String runId, FlowState state, FlowException failure, List<StageResult> stages,
      Duration elapsed, List<String> lingeringStages, String detail) {
    if (!state.isTerminal()) {
      throw new IllegalArgumentException("a result needs a terminal state, got " + state);
    }
    this.flowName = flowName;
    this.runId = runId;
    this.state = state;
    this.failure = failure;
    this.stages = List.copyOf(stages);
    this.byName = this.stages.stream().collect(Collectors.toUnmodifiableMap(StageResult::name, Function.identity()));
    this.elapsed = elapsed;
    this.lingeringStages = List.copyOf(lingeringStages);
    this.detail = java.util.Objects.requireNonNull(detail, "detail");
  }

  /**
   * How the run ended, in words, as its manifest and system journal record it: for a completed run,
   * whether it read all its input or was stopped gracefully and why; else the failure.
   */
  public String detail() {
    return detail;
  }

  public String flowName() {
    return flowName;
  }

  public String runId() {
    return runId;
  }

  /** {@link FlowState#COMPLETED}, {@link FlowState#FAILED} or {@link FlowState#CANCELLED}. */
  public FlowState state() {
    return state;
  }

  /** Why the run failed or was cancelled; empty when it completed. */
  public Optional<FlowException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Every stage's figures, in definition order. */
  public List<StageResult> stages() {
    return stages;
  }

  /** One stage's figures. */
  public StageResult stage(String name) {
    StageResult r = byName.get(name);
    if (r == null) {
      throw new NoSuchElementException("flow '" + flowName + "' has no stage '" + name + "'; stages: " + byName.keySet());
    }
    return r;
  }

  /**
   * The stages whose threads were still alive when the run ended (a handler that ignored halt and
   * interrupt); empty normally. Such a thread may still be running user code.
   */
  public List<String> lingeringStages() {
    return lingeringStages;
  }

  /** Wall time from start to the end of the run. */
  public Duration elapsed() {
    return elapsed;
  }

  /** Inputs sent to an error journal, by every stage together (dead letters). */
  public long errors() {
    long sum = 0;
    for (StageResult s : stages) {
      sum += s.errors();
    }
    return sum;
  }

  /** Calls made again after a transient failure ({@code @Retry}), by every stage together. */
  public long retries() {
    long sum = 0;
    for (StageResult s : stages) {
      sum += s.retries();
    }
    return sum;
  }

  /** Inputs answered by a circuit breaker's fallback, by every stage together. */
  public long fallbacks() {
    long sum = 0;
    for (StageResult s : stages) {
      sum += s.fallbacks();
    }
    return sum;
  }

  /** The names of the stages that sent inputs to their error journals, in definition order. */
  public List<String> stagesWithErrors() {
    return stages.stream().filter(s -> s.errors() > 0).map(StageResult::name).toList();
  }

  /**
   * Whether the run completed but some stage dead-lettered inputs (within its error budget): the
   * command line's exit code 3. A completed run with no errors is clean (exit code 0).
   */
  public boolean completedWithErrors() {
    return state == FlowState.COMPLETED && errors() > 0;
  }

  /** Returns this result when the run completed, else throws its failure. */
  public FlowResult orThrow() {
    if (state != FlowState.COMPLETED) {
      throw failure != null ? failure : new FlowException("flow '" + flowName + "' ended " + state);
    }
    return this;
  }

  @Override
  public String toString() {
    return "FlowResult[" + flowName + " " + runId + " " + state + (failure != null ? ": " + failure.getMessage() : "") + "]";
  }
}

package dev.weir.flow;

/** Where a run is in its lifecycle, as driven by the pipeline supervisor. */
public enum FlowState {
  /** Built, not started. */
  CREATED,
  /** Creating handlers, rings and journals. */
  MATERIALIZING,
  /** Every stage thread exists; sources wait for the start signal. */
  MATERIALIZED,
  /** Sources are producing. */
  RUNNING,
  /** Sources are done or stopped; the end-of-stream cascade is draining the flow. */
  DRAINING,
  /** Every stage completed and every edge contract passed. */
  COMPLETED,
  /** A stage, a contract or the engine failed; see {@link FlowResult#failure()}. */
  FAILED,
  /** Halted on request, or after a graceful stop missed its deadline. */
  CANCELLED;

  /** Whether the run has ended in this state. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}

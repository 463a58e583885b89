package dev.weir.flow;

/** Where one stage of a running flow is in its life, as {@link FlowHandle#status()} tells it. */
public enum StageState {
  /** Built, its thread not yet running. */
  CREATED,
  /** Its thread runs: reading, handling, or waiting for input (a source: waiting for the start). */
  RUNNING,
  /** It read every input to its end (a source: emitted its last event) and wrote its end of stream. */
  COMPLETED,
  /** Its handler or journal failed the flow. */
  FAILED,
  /** The flow halted it before it completed (a stop, a cancel, or another stage's failure). */
  STOPPED
}

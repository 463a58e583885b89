package dev.weir.flow;

/** How the transport contract of an edge stands, as {@link FlowHandle#status()} tells it. */
public enum ContractState {
  /** Nothing broke it yet, and its writer's end of stream has not arrived to settle it. */
  PENDING,
  /** The writer's end of stream arrived and matched every event the reader got. */
  PASSED,
  /** An event or the end of stream did not match: the flow fails. */
  FAILED
}

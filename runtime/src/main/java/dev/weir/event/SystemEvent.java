package dev.weir.event;

/**
 * The payload of a system-journal record: a lifecycle step, a stage's report or a contract result.
 *
 * @param type what happened
 * @param subject the stage or edge it concerns ({@code "flow"} for the flow itself)
 * @param detail the evidence, in words
 */
public record SystemEvent(Type type, String subject, String detail) {

  /** What a system event reports. */
  public enum Type {
    /** The flow entered a lifecycle state; {@code detail} names it. */
    FLOW_STATE,
    /** A stage's thread is running. */
    STAGE_RUNNING,
    /** A stage finished with its input and wrote its end of stream. */
    STAGE_COMPLETED,
    /** A stage failed; the flow fails. */
    STAGE_FAILED,
    /** A contract held. */
    CONTRACT_PASSED,
    /** A contract was violated; the flow fails. */
    CONTRACT_FAILED,
    /** A stop was requested. */
    STOP_REQUESTED,
    /** An explicit start was requested (manual start mode). */
    START_REQUESTED,
    /** A stage's circuit breaker changed state; {@code detail} names both states and the failure rate. */
    BREAKER_TRANSITION,
    /** A stage's rate limit began holding events back (once per episode, not per event). */
    RATE_LIMIT_SATURATED,
    /** A stage's rate limit stopped holding events back. */
    RATE_LIMIT_RELEASED
  }

  @Override
  public String toString() {
    return type + " " + subject + ": " + detail;
  }
}

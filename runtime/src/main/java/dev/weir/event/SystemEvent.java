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
    START_REQUESTED
  }

  @Override
  public String toString() {
    return type + " " + subject + ": " + detail;
  }
}

package dev.weir.flow;

/**
 * What one stage did in a run.
 *
 * @param name the stage's name
 * @param kind the stage's kind
 * @param received data events read from all inputs
 * @param emitted data events written to its output (for a sink: delivery receipts)
 * @param errors inputs sent to its error journal
 */
public record StageResult(String name, StageKind kind, long received, long emitted, long errors) {}

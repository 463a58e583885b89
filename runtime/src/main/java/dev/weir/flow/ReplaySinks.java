package dev.weir.flow;

/**
 * What a replay does with its sinks ({@link FlowBuilder#replaySinks(ReplaySinks)}, or
 * {@code --replay-sinks=run|skip} on the command line).
 */
public enum ReplaySinks {
  /**
   * Sinks run again: every input reaches the sink's handler ({@code consume}, {@code flush}), so
   * its side effects (a file, a table, a message sent) happen again. The default.
   */
  RUN,
  /**
   * Sinks are not called, nor even created: for each input it receives, a sink writes what the
   * original run's sink wrote for the same input (its receipt, or its dead letter with the original
   * kind and message), so the replay's sink journals can still be verified against the original.
   * An input the original sink never received (the replay diverged upstream) goes to the sink's
   * error journal as {@code PERMANENT}: it was delivered nowhere. Only for a replay.
   */
  SKIP
}

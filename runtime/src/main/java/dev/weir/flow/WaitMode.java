package dev.weir.flow;

/** What a stage thread does when it has nothing to do. */
public enum WaitMode {
  /** Spin briefly, yield briefly, then park until signalled: near zero CPU when idle (the default). */
  PARK,
  /**
   * Spin briefly, then yield for as long as there is nothing to do: lower hand-off latency, but
   * every idle stage keeps a core busy. For dedicated cores only.
   */
  YIELD
}

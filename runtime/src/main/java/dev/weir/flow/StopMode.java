package dev.weir.flow;

/** How {@link FlowHandle#stop} ends a run. */
public enum StopMode {
  /**
   * Sources stop and write their end of stream; the cascade drains so that every event already
   * emitted is delivered. A deadline escalates to {@link #CANCEL}.
   */
  GRACEFUL,
  /** Halt every stage now and journal why; in-flight events are not delivered. */
  CANCEL
}

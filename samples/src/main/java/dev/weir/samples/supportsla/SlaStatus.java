package dev.weir.samples.supportsla;

/** Where a ticket stands against its SLA. */
public enum SlaStatus {
  /** Answered within the promised hours. */
  MET,
  /** Answered, but later than promised. */
  BREACHED,
  /** Not answered yet. */
  OPEN
}

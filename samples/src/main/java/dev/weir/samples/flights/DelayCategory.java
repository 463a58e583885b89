package dev.weir.samples.flights;

/** How late a flight was, in the bands airlines report. */
public enum DelayCategory {
  ON_TIME,
  MINOR,
  MODERATE,
  SEVERE,
  EXTREME;

  /** The band of a delay in minutes: on time up to 0, minor up to 15, moderate up to 60, severe up to 240. */
  public static DelayCategory of(int delayMinutes) {
    if (delayMinutes <= 0) {
      return ON_TIME;
    }
    if (delayMinutes <= 15) {
      return MINOR;
    }
    if (delayMinutes <= 60) {
      return MODERATE;
    }
    return delayMinutes <= 240 ? SEVERE : EXTREME;
  }
}

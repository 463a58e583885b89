package dev.weir.samples.supportsla;

import dev.weir.dsl.EventType;

/**
 * How one tier's tickets stand against their SLA.
 *
 * @param tier the tier
 * @param tickets how many tickets its customers opened
 * @param met how many were answered in time
 * @param breached how many were answered late
 * @param open how many are not answered yet
 */
@EventType(name = "support.tier-summary", version = 1)
public record TierSummary(String tier, long tickets, long met, long breached, long open) {

  /** A tier before its first ticket (the tier is taken from that ticket). */
  static TierSummary empty() {
    return new TierSummary(null, 0, 0, 0, 0);
  }

  /** This summary with {@code r} counted. */
  TierSummary add(SlaResult r) {
    return new TierSummary(r.tier(), tickets + 1, met + (r.status() == SlaStatus.MET ? 1 : 0),
        breached + (r.status() == SlaStatus.BREACHED ? 1 : 0), open + (r.status() == SlaStatus.OPEN ? 1 : 0));
  }

  /** Breached tickets as a percentage of the answered ones; 0 when none was answered. */
  public double breachedPercent() {
    long answered = met + breached;
    return answered == 0 ? 0 : 100.0 * breached / answered;
  }
}

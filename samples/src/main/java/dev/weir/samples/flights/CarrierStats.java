package dev.weir.samples.flights;

import dev.weir.dsl.EventType;
import java.util.EnumMap;
import java.util.Map;

/**
 * Delay statistics of one carrier.
 *
 * @param carrier the carrier's name
 * @param flights flights counted
 * @param totalDelayMinutes the sum of positive delays
 * @param maxDelayMinutes the longest delay
 * @param byCategory flights per delay band
 */
@EventType(name = "carrier.stats", version = 1)
public record CarrierStats(String carrier, long flights, long totalDelayMinutes, int maxDelayMinutes,
    Map<DelayCategory, Long> byCategory) {

  /** Nothing counted yet. */
  public static CarrierStats empty() {
    return new CarrierStats("", 0, 0, 0, new EnumMap<>(DelayCategory.class));
  }

  /** These statistics with one more flight. */
  public CarrierStats add(EnrichedFlight f) {
    int delay = f.flight().flight().delayMinutes();
    Map<DelayCategory, Long> bands = new EnumMap<>(DelayCategory.class);
    bands.putAll(byCategory);
    bands.merge(f.flight().category(), 1L, Long::sum);
    return new CarrierStats(f.carrierName(), flights + 1, totalDelayMinutes + Math.max(0, delay),
        Math.max(maxDelayMinutes, delay), bands);
  }

  /** Mean positive delay per flight, in minutes. */
  public double averageDelay() {
    return flights == 0 ? 0 : (double) totalDelayMinutes / flights;
  }

  /** Share of flights on time, in percent. */
  public double onTimePercent() {
    return flights == 0 ? 0 : 100.0 * byCategory.getOrDefault(DelayCategory.ON_TIME, 0L) / flights;
  }
}

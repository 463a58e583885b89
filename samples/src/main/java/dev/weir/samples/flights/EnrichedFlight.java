package dev.weir.samples.flights;

import dev.weir.dsl.EventType;

/**
 * A categorized flight with its carrier's name.
 *
 * @param carrierName the carrier's name
 * @param flight the flight and its band
 */
@EventType(name = "flight.enriched", version = 1)
public record EnrichedFlight(String carrierName, CategorizedFlight flight) {

  /** The join's combine function. */
  public static EnrichedFlight of(Carrier carrier, CategorizedFlight flight) {
    return new EnrichedFlight(carrier.name(), flight);
  }

  public String carrier() {
    return carrierName;
  }
}

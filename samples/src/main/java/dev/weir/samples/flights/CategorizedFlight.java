package dev.weir.samples.flights;

import dev.weir.dsl.EventType;

/**
 * A valid flight with its delay band.
 *
 * @param flight the flight
 * @param category its delay band
 */
@EventType(name = "flight.categorized", version = 1)
public record CategorizedFlight(FlightRecord flight, DelayCategory category) {

  public String carrier() {
    return flight.carrier();
  }
}

package flows.golden;

@dev.weir.dsl.EventType(name = "flight.enriched")
public record EnrichedFlight(String carrier, String carrierName, int delayMinutes) {

  static EnrichedFlight of(Carrier c, FlightRecord f) {
    return new EnrichedFlight(f.carrier(), c.name(), f.delayMinutes());
  }
}

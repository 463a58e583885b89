package flows.golden;

import dev.weir.dsl.EventType;

@EventType(name = "flight.record", version = 2)
public record FlightRecord(String carrier, int delayMinutes) {}

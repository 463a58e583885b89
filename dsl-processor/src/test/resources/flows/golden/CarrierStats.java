package flows.golden;

public record CarrierStats(String carrier, long flights, long delayMinutes) {}

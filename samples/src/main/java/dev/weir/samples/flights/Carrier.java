package dev.weir.samples.flights;

import dev.weir.dsl.EventType;

/**
 * An airline, from {@code carriers.csv}.
 *
 * @param code its two-letter code
 * @param name its name
 */
@EventType(name = "carrier", version = 1)
public record Carrier(String code, String name) {}

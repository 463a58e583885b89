package dev.weir.samples.middlewaredefaults;

/**
 * A sensor reading.
 *
 * @param id the reading's number, 0, 1, 2, ...
 * @param sensor which sensor
 * @param value what it read
 */
public record Reading(long id, String sensor, double value) {}

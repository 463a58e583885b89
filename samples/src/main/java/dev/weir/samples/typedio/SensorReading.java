package dev.weir.samples.typedio;

import dev.weir.dsl.EventType;

/**
 * A temperature reading.
 *
 * @param seq the reading's number, from 1
 * @param sensor which sensor took it
 * @param celsius what it read, one decimal; {@link #FAULT} when the sensor reported a fault instead
 */
@EventType(name = "sensor.reading", version = 1)
public record SensorReading(long seq, String sensor, double celsius) {

  /** What a sensor sends instead of a temperature when it is faulty. */
  public static final double FAULT = -999.0;

  /** Whether this reading is a fault code rather than a temperature. */
  public boolean fault() {
    return celsius == FAULT;
  }
}

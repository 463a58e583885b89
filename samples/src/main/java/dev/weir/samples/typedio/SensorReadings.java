package dev.weir.samples.typedio;

import dev.weir.api.Emitter;
import dev.weir.api.Source;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A user-written typed {@link Source}: {@code count} temperature readings of four sensors, drawn
 * from a {@link Random} with a fixed seed, so every run with the same seed emits the same readings.
 * About one reading in forty is the sensor's fault code, {@link SensorReading#FAULT}.
 *
 * <p>What the runtime calls: {@link #next} again and again, each call emitting up to {@link #BATCH}
 * readings (each call ends a batch: the readings are journaled together) and returning {@code false}
 * once all were emitted; {@link #expectedCount} once, so that the source contract can check that the
 * source emitted what it promised; {@link #close} once at the end.
 */
public final class SensorReadings implements Source<SensorReading> {

  /** The sensors, in the order the readings go round them. */
  static final List<String> SENSORS = List.of("boiler", "intake", "outlet", "roof");

  /** Readings per call of {@link #next}. */
  static final int BATCH = 64;

  private static final double[] BASE_CELSIUS = {71.0, 12.0, 38.5, -2.0};

  private final long count;
  private final Random random;
  private long emitted;
  private boolean closed;

  /** {@code count} readings drawn from {@code new Random(seed)}. */
  public SensorReadings(long seed, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("a source of readings needs a count of 0 or more, got " + count);
    }
    this.count = count;
    this.random = new Random(seed);
  }

  @Override
  public boolean next(Emitter<SensorReading> out) {
    if (closed) {
      throw new IllegalStateException("SensorReadings.next called after close");
    }
    for (int i = 0; i < BATCH && emitted < count; i++) {
      int sensor = (int) (emitted % SENSORS.size());
      double celsius = random.nextInt(40) == 0 ? SensorReading.FAULT
          : Math.round((BASE_CELSIUS[sensor] + random.nextGaussian() * 2.5) * 10) / 10.0;
      emitted++;
      out.emit(new SensorReading(emitted, SENSORS.get(sensor), celsius));
    }
    return emitted < count;
  }

  @Override
  public OptionalLong expectedCount() {
    return OptionalLong.of(count);
  }

  @Override
  public void close() {
    closed = true;
  }
}

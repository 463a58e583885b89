package dev.weir.middleware;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link MiddlewareClock} seen as a {@link java.time.Clock}, for Resilience4j's circuit breaker,
 * which measures its wait in open on one: the instant is the clock's nanoseconds after the epoch.
 */
final class NanoClockView extends Clock {

  private final MiddlewareClock clock;

  NanoClockView(MiddlewareClock clock) {
    this.clock = clock;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("a middleware clock is in UTC only, asked for " + zone);
    }
    return this;
  }

  @Override
  public Instant instant() {
    long nanos = clock.nanoTime();
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public long millis() {
    return Math.floorDiv(clock.nanoTime(), 1_000_000L);
  }
}

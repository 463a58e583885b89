package dev.weir.test;

import dev.weir.engine.TimerClock;

/** The clock a test run's timers read: starts at 0, moves only when the run advances it. */
final class ManualTimerClock implements TimerClock {

  private volatile long now;

  @Override
  public long nanoTime() {
    return now;
  }

  /** Moves the clock to {@code nanos}; never back. */
  void set(long nanos) {
    if (nanos < now) {
      throw new IllegalArgumentException("the clock does not go back: it is at " + now + " ns, asked for " + nanos);
    }
    now = nanos;
  }
}

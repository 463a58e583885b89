package dev.weir.test;

import dev.weir.engine.TimerClock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clock a test run's timers and middleware read: starts at 0, moves only when the run advances
 * it. It knows which stage waits on it until when (a backoff, a permit, a breaker's wait in open, a
 * call's timeout), so that advancing steps through those deadlines one by one.
 */
final class ManualTimerClock implements TimerClock {

  private volatile long now;
  /** Each waiting stage's deadline; a stage waits for one thing at a time. */
  private final Map<String, Long> waits = new ConcurrentHashMap<>();

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void waitingUntil(String stage, long deadline) {
    waits.put(stage, deadline);
  }

  @Override
  public void doneWaiting(String stage) {
    waits.remove(stage);
  }

  /** Until when {@code stage} waits on this clock, if it does. */
  Optional<Long> waitOf(String stage) {
    return Optional.ofNullable(waits.get(stage));
  }

  /** The earliest deadline a stage waits for; {@link Long#MAX_VALUE} when none waits. */
  long nextWaitDeadline() {
    long next = Long.MAX_VALUE;
    for (long d : waits.values()) {
      next = Math.min(next, d);
    }
    return next;
  }

  /** Moves the clock to {@code nanos}; never back. */
  void set(long nanos) {
    if (nanos < now) {
      throw new IllegalArgumentException("the clock does not go back: it is at " + now + " ns, asked for " + nanos);
    }
    now = nanos;
  }
}

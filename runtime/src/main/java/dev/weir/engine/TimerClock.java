package dev.weir.engine;

/**
 * The clock a stage's timer ({@code EmitPolicy.every(...)}) reads, in {@link System#nanoTime()}
 * terms: when it is due and when it fires. A run without one ({@link EngineOptions#timerClock()}
 * null, the default) reads {@code System.nanoTime()} directly, so the system clock costs no call
 * through this interface; the test kit gives a clock it advances by hand, and then wakes the timer
 * stages itself ({@link EngineAccess#wakeTimerStages}), since nothing else would.
 *
 * <p>A run given a clock also measures its middleware's time on it (a retry's backoff, rate-limit
 * permits, a breaker's wait in open, a call's {@code @Timeout}), and tells the clock of each such
 * wait ({@link #waitingUntil}, {@link #doneWaiting}) so that the one moving it can step through
 * their deadlines.
 */
@FunctionalInterface
public interface TimerClock {

  /** Now, in nanoseconds from an arbitrary origin; never decreasing. */
  long nanoTime();

  /**
   * Stage {@code stage} waits, on its middleware's behalf, until this clock reads {@code deadline};
   * called on that stage's thread (or the timeout watchdog's). Nothing by default.
   */
  default void waitingUntil(String stage, long deadline) {}

  /** The wait of {@code stage} announced by {@link #waitingUntil} is over. Nothing by default. */
  default void doneWaiting(String stage) {}
}

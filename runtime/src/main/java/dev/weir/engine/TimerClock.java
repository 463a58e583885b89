package dev.weir.engine;

/**
 * The clock a stage's timer ({@code EmitPolicy.every(...)}) reads, in {@link System#nanoTime()}
 * terms: when it is due and when it fires. A run without one ({@link EngineOptions#timerClock()}
 * null, the default) reads {@code System.nanoTime()} directly, so the system clock costs no call
 * through this interface; the test kit gives a clock it advances by hand, and then wakes the timer
 * stages itself ({@link EngineAccess#wakeTimerStages}), since nothing else would.
 */
@FunctionalInterface
public interface TimerClock {

  /** Now, in nanoseconds from an arbitrary origin; never decreasing. */
  long nanoTime();
}

package dev.weir.middleware;

/**
 * The clock one stage's middleware reads instead of the system clock, when the run was given one
 * (the test kit's manual clock): rate-limit permits, a breaker's wait in open and a call's
 * {@code @Timeout} are measured on it, and each wait on it is announced, so that whoever moves the
 * clock knows which deadlines it has to step through. Without one (production) the middleware
 * reads {@link System#nanoTime()} directly.
 */
public interface MiddlewareClock {

  /** Now, in nanoseconds from an arbitrary origin; never decreasing. */
  long nanoTime();

  /** The stage now waits until this clock reads {@code deadline} (a call under a {@code @Timeout}). */
  void waitingUntil(long deadline);

  /** The stage's wait announced by {@link #waitingUntil} is over. */
  void doneWaiting();
}

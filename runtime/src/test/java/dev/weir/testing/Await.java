package dev.weir.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits on the test thread for a condition without spinning: the thread sleeps between polls, so
 * it does not take a core from the stages it waits for, and it fails with a message at a deadline.
 */
public final class Await {

  private static final long POLL_MILLIS = 2;

  private Await() {}

  /** Waits up to {@code timeout} for {@code condition}; throws an {@link AssertionError} naming {@code what}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** {@link #until(String, Duration, BooleanSupplier)} with a 20 s deadline. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(what, Duration.ofSeconds(20), condition);
  }
}

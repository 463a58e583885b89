package dev.weir.middleware;

import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import dev.weir.flow.RetryPolicy;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * A {@code @Retry} as a Resilience4j {@link RetryConfig}: how many calls in all, and the
 * exponential backoff (with jitter) between them. The waits themselves are the stage's
 * ({@link StageWait}): Resilience4j's own retry loop sleeps with {@code Thread.sleep}, which a halt
 * cannot cut short.
 */
final class RetrySchedule {

  private final RetryConfig config;
  private final IntervalFunction interval;

  RetrySchedule(RetryPolicy policy) {
    this.interval = intervalOf(policy);
    this.config = RetryConfig.custom().maxAttempts(policy.maxAttempts()).intervalFunction(interval).build();
  }

  private static IntervalFunction intervalOf(RetryPolicy p) {
    if (p.initialDelay().isZero()) {
      return attempt -> 0L;
    }
    // Resilience4j counts in whole milliseconds, at least one
    Duration initial = Duration.ofMillis(Math.max(1, p.initialDelay().toMillis()));
    Duration max = Duration.ofMillis(Math.max(initial.toMillis(), p.maxDelay().toMillis()));
    return p.jitter() == 0
        ? IntervalFunction.ofExponentialBackoff(initial, p.multiplier(), max)
        : IntervalFunction.ofExponentialRandomBackoff(initial, p.multiplier(), p.jitter(), max);
  }

  int maxAttempts() {
    return config.getMaxAttempts();
  }

  /**
   * The wait before the call after {@code failedAttempts} failed ones: the backoff, or for a
   * {@code RATE_LIMITED} failure that says when to come back, at least that.
   */
  long waitNanos(int failedAttempts, Throwable failure, ErrorKind kind) {
    long nanos = Duration.ofMillis(interval.apply(failedAttempts)).toNanos();
    if (kind == ErrorKind.RATE_LIMITED && failure instanceof StageException se && se.retryAfter().isPresent()) {
      nanos = Math.max(nanos, se.retryAfter().get().toNanos());
    }
    return nanos;
  }
}

package dev.weir.flow;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@code @Retry}: a failed call (a source's {@code next}, a transform's or a sink's handler) is
 * tried again, up to {@code maxAttempts} calls in all, waiting {@code initialDelay}, then each wait
 * {@code multiplier} times the last, at most {@code maxDelay}, each varied by up to
 * {@code jitter} (a fraction) either way. Only transient failures are retried.
 *
 * @param maxAttempts calls in all, at least 1
 * @param initialDelay the first wait, not negative
 * @param multiplier how each wait grows, at least 1
 * @param maxDelay the longest wait, at least {@code initialDelay}
 * @param jitter 0..1
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter)
    implements Middleware {

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("@Retry maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException("@Retry initialDelay must not be negative, got " + initialDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("@Retry multiplier must be at least 1.0, got " + multiplier);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("@Retry maxDelay (" + maxDelay + ") must be at least initialDelay (" + initialDelay + ")");
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("@Retry jitter must be within 0..1, got " + jitter);
    }
  }

  @Override
  public String annotation() {
    return "@Retry";
  }

  @Override
  public Set<StageKind> fits() {
    return EnumSet.of(StageKind.SOURCE, StageKind.TRANSFORM, StageKind.ASYNC_TRANSFORM, StageKind.SINK);
  }
}

package dev.weir.flow;

import dev.weir.dsl.OnOpen;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code @CircuitBreaker}: once at least {@code minimumCalls} of the last {@code slidingWindowSize}
 * calls were made and {@code failureRateThreshold} percent of them failed with a transient error
 * (or {@code slowCallRateThreshold} percent took longer than {@code slowCallDuration}), the breaker
 * opens: for {@code waitInOpen} calls are not made, but answered by the fallback or handled as
 * {@code onOpen} says; then {@code halfOpenCalls} probe calls decide whether it closes again.
 *
 * @param failureRateThreshold percent, within 0..100 (above 0)
 * @param slidingWindowSize calls, at least 1
 * @param minimumCalls calls, at least 1
 * @param waitInOpen positive
 * @param halfOpenCalls at least 1
 * @param slowCallDuration when set, a call longer than this counts as slow
 * @param slowCallRateThreshold percent, within 0..100 (above 0)
 * @param fallbackMethod the flow-class method that answers while open, or empty
 * @param fallback calls it; present exactly when {@code fallbackMethod} is
 * @param onOpen without a fallback, what happens to inputs while open
 */
public record CircuitBreakerPolicy(
    double failureRateThreshold, int slidingWindowSize, int minimumCalls, Duration waitInOpen, int halfOpenCalls,
    Optional<Duration> slowCallDuration, double slowCallRateThreshold, Optional<String> fallbackMethod,
    Optional<Fallback> fallback, OnOpen onOpen) implements Middleware {

  public CircuitBreakerPolicy {
    Objects.requireNonNull(waitInOpen, "waitInOpen");
    Objects.requireNonNull(slowCallDuration, "slowCallDuration");
    Objects.requireNonNull(fallbackMethod, "fallbackMethod");
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(onOpen, "onOpen");
    percent("failureRateThreshold", failureRateThreshold);
    percent("slowCallRateThreshold", slowCallRateThreshold);
    if (slidingWindowSize < 1) {
      throw new IllegalArgumentException("@CircuitBreaker slidingWindowSize must be at least 1, got " + slidingWindowSize);
    }
    if (minimumCalls < 1) {
      throw new IllegalArgumentException("@CircuitBreaker minimumCalls must be at least 1, got " + minimumCalls);
    }
    if (halfOpenCalls < 1) {
      throw new IllegalArgumentException("@CircuitBreaker halfOpenCalls must be at least 1, got " + halfOpenCalls);
    }
    if (waitInOpen.isNegative() || waitInOpen.isZero()) {
      throw new IllegalArgumentException("@CircuitBreaker waitInOpen must be positive, got " + waitInOpen);
    }
    slowCallDuration.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("@CircuitBreaker slowCallDuration must be positive, got " + d);
      }
    });
    if (fallbackMethod.isPresent() != fallback.isPresent()) {
      throw new IllegalArgumentException("@CircuitBreaker: a fallback method name and its call go together");
    }
  }

  private static void percent(String name, double value) {
    if (!(value > 0 && value <= 100)) {
      throw new IllegalArgumentException("@CircuitBreaker " + name + " must be within 0..100 (above 0), got " + value);
    }
  }

  @Override
  public String annotation() {
    return "@CircuitBreaker";
  }

  @Override
  public Set<StageKind> fits() {
    return EnumSet.of(StageKind.TRANSFORM, StageKind.ASYNC_TRANSFORM, StageKind.SINK);
  }

  @Override
  public String toString() {
    return "CircuitBreakerPolicy[failureRateThreshold=" + failureRateThreshold + ", slidingWindowSize=" + slidingWindowSize
        + ", minimumCalls=" + minimumCalls + ", waitInOpen=" + waitInOpen + ", halfOpenCalls=" + halfOpenCalls
        + ", slowCallDuration=" + slowCallDuration.map(Duration::toString).orElse("none") + ", slowCallRateThreshold="
        + slowCallRateThreshold + ", fallback=" + fallbackMethod.orElse("none") + ", onOpen=" + onOpen + "]";
  }
}

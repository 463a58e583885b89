package dev.weir.processor.model;

import dev.weir.processor.diag.Location;
import java.util.List;
import java.util.Objects;

/**
 * One middleware annotation as written on the {@code @Flow} class or on a {@code @Stage} method,
 * valid or not: its values with their defaults, where each was written, and for a circuit breaker
 * the methods its fallback may mean. Whether the values are acceptable is for the rules to say.
 */
public sealed interface MiddlewareDeclaration {

  /** Which annotation this is. */
  MiddlewareKind kind();

  /** Where it was declared. */
  MiddlewareOrigin origin();

  /** What it is on, as messages say it: {@code quote()} for a stage method, {@code Orders} for the flow class. */
  String owner();

  /** The annotation on its element. */
  Location location();

  /** {@code @Retry}. */
  record Retry(
      MemberValue<Integer> maxAttempts, MemberValue<String> initialDelay, MemberValue<Double> multiplier,
      MemberValue<String> maxDelay, MemberValue<Double> jitter, MiddlewareOrigin origin, String owner,
      Location location) implements MiddlewareDeclaration {

    public Retry {
      Objects.requireNonNull(maxAttempts, "maxAttempts");
      Objects.requireNonNull(initialDelay, "initialDelay");
      Objects.requireNonNull(multiplier, "multiplier");
      Objects.requireNonNull(maxDelay, "maxDelay");
      Objects.requireNonNull(jitter, "jitter");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(location, "location");
    }

    @Override
    public MiddlewareKind kind() {
      return MiddlewareKind.RETRY;
    }
  }

  /**
   * {@code @CircuitBreaker}.
   *
   * @param fallbackCandidates the methods of the flow class (declared or inherited) with the name
   *     {@code fallback} gives, in declaration order; empty when it gives none
   */
  record CircuitBreaker(
      MemberValue<Double> failureRateThreshold, MemberValue<Integer> slidingWindowSize,
      MemberValue<Integer> minimumCalls, MemberValue<String> waitInOpen, MemberValue<Integer> halfOpenCalls,
      MemberValue<String> slowCallDuration, MemberValue<Double> slowCallRateThreshold,
      MemberValue<String> fallback, MemberValue<String> onOpen, List<FallbackCandidate> fallbackCandidates,
      MiddlewareOrigin origin, String owner, Location location) implements MiddlewareDeclaration {

    public CircuitBreaker {
      Objects.requireNonNull(failureRateThreshold, "failureRateThreshold");
      Objects.requireNonNull(slidingWindowSize, "slidingWindowSize");
      Objects.requireNonNull(minimumCalls, "minimumCalls");
      Objects.requireNonNull(waitInOpen, "waitInOpen");
      Objects.requireNonNull(halfOpenCalls, "halfOpenCalls");
      Objects.requireNonNull(slowCallDuration, "slowCallDuration");
      Objects.requireNonNull(slowCallRateThreshold, "slowCallRateThreshold");
      Objects.requireNonNull(fallback, "fallback");
      Objects.requireNonNull(onOpen, "onOpen");
      fallbackCandidates = List.copyOf(fallbackCandidates);
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(location, "location");
    }

    @Override
    public MiddlewareKind kind() {
      return MiddlewareKind.CIRCUIT_BREAKER;
    }

    /** Whether a fallback is named: {@code fallback} is not empty. */
    public boolean hasFallback() {
      return !fallback.value().isEmpty();
    }
  }

  /** {@code @RateLimit}. */
  record RateLimit(MemberValue<Double> perSecond, MemberValue<Integer> burst, MiddlewareOrigin origin, String owner,
      Location location) implements MiddlewareDeclaration {

    public RateLimit {
      Objects.requireNonNull(perSecond, "perSecond");
      Objects.requireNonNull(burst, "burst");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(location, "location");
    }

    @Override
    public MiddlewareKind kind() {
      return MiddlewareKind.RATE_LIMIT;
    }

    /** The burst the policy gets: {@code burst}, or {@code perSecond} rounded up when it is 0. */
    public int effectiveBurst() {
      if (burst.value() != 0) {
        return burst.value();
      }
      double up = Math.ceil(perSecond.value());
      return up >= Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(1, (int) up);
    }
  }

  /** {@code @Timeout}. */
  record Timeout(MemberValue<String> value, MiddlewareOrigin origin, String owner, Location location)
      implements MiddlewareDeclaration {

    public Timeout {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(location, "location");
    }

    @Override
    public MiddlewareKind kind() {
      return MiddlewareKind.TIMEOUT;
    }
  }
}

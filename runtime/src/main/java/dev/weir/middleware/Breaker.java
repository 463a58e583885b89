package dev.weir.middleware;

import dev.weir.config.DurationText;
import dev.weir.event.SystemEvent;
import dev.weir.flow.CircuitBreakerPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A {@code @CircuitBreaker} on a Resilience4j {@link CircuitBreaker} with a count-based sliding
 * window. Only transient failures ({@link Transience}) are recorded as failures; other failures
 * release their permission uncounted, as Resilience4j's ignored exceptions do. Each transition
 * goes to the system journal with the failure (and slow-call) rate that caused it.
 */
final class Breaker {

  /** Without a {@code slowCallDuration} no call counts as slow. */
  private static final Duration NEVER_SLOW = Duration.ofDays(365);

  private final CircuitBreaker breaker;
  private final CircuitBreakerPolicy policy;
  /** The metrics of the state a result is recorded in, taken before recording: a transition replaces them. */
  private volatile CircuitBreaker.Metrics recordingIn;
  private volatile long openedAt;
  /** Transitions into each state, by {@link CircuitBreaker.State} ordinal; for status and metrics. */
  private final AtomicLongArray transitionsInto = new AtomicLongArray(CircuitBreaker.State.values().length);

  /** The clock the wait in open is measured on; null for the system clock, read directly. */
  private final MiddlewareClock clock;

  Breaker(String stage, CircuitBreakerPolicy policy, MiddlewareEvents events, MiddlewareClock clock) {
    this.policy = policy;
    this.clock = clock;
    CircuitBreakerConfig.Builder config = CircuitBreakerConfig.custom();
    if (clock != null) { // Resilience4j measures the wait in open on the java.time.Clock it is given
      config.clock(new NanoClockView(clock));
    }
    this.breaker = CircuitBreaker.of(stage, config
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(policy.slidingWindowSize())
        .minimumNumberOfCalls(policy.minimumCalls())
        .failureRateThreshold((float) policy.failureRateThreshold())
        .slowCallRateThreshold((float) policy.slowCallRateThreshold())
        .slowCallDurationThreshold(policy.slowCallDuration().orElse(NEVER_SLOW))
        .waitDurationInOpenState(policy.waitInOpen())
        .permittedNumberOfCallsInHalfOpenState(policy.halfOpenCalls())
        .build());
    this.recordingIn = breaker.getMetrics();
    breaker.getEventPublisher().onStateTransition(e -> {
      CircuitBreaker.State to = e.getStateTransition().getToState();
      transitionsInto.incrementAndGet(to.ordinal());
      if (to == CircuitBreaker.State.OPEN) {
        openedAt = now();
      }
      events.changed(SystemEvent.Type.BREAKER_TRANSITION, describe(e.getStateTransition().getFromState(), to));
    });
  }

  private long now() {
    MiddlewareClock c = clock;
    return c == null ? System.nanoTime() : c.nanoTime();
  }

  private String describe(CircuitBreaker.State from, CircuitBreaker.State to) {
    String move = name(from) + " -> " + name(to);
    if (from == CircuitBreaker.State.OPEN) {
      return move + ": " + DurationText.format(policy.waitInOpen()) + " in open passed; " + policy.halfOpenCalls()
          + " probe calls decide";
    }
    CircuitBreaker.Metrics m = recordingIn;
    String rates = "failure rate " + percent(m.getFailureRate()) + " (" + m.getNumberOfFailedCalls() + " of "
        + m.getNumberOfBufferedCalls() + " calls, threshold " + percent((float) policy.failureRateThreshold()) + ")";
    if (policy.slowCallDuration().isPresent()) {
      rates += ", slow-call rate " + percent(m.getSlowCallRate());
    }
    return move + ": " + rates
        + (to == CircuitBreaker.State.OPEN ? "; calls wait " + DurationText.format(policy.waitInOpen()) : "");
  }

  private static String name(CircuitBreaker.State s) {
    return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String percent(float rate) {
    return rate < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", rate);
  }

  CircuitBreakerPolicy policy() {
    return policy;
  }

  /** Whether a call may be made now; a permission taken must be settled by one of the three below. */
  boolean tryAcquire() {
    return breaker.tryAcquirePermission();
  }

  void succeeded(long nanos) {
    recordingIn = breaker.getMetrics();
    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
  }

  void failed(long nanos, Throwable failure) {
    recordingIn = breaker.getMetrics();
    breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
  }

  /** A call that failed for a reason that is not the remote side's (bad data): not counted. */
  void ignored() {
    breaker.releasePermission();
  }

  /**
   * How long the breaker stays open from now on (0 when it is not open, or its wait has passed):
   * Resilience4j half-opens once its clock is strictly after the end of the wait, hence the 1 ns.
   */
  long openRemainingNanos() {
    if (breaker.getState() != CircuitBreaker.State.OPEN) {
      return 0;
    }
    return Math.max(0, openedAt + policy.waitInOpen().toNanos() + 1 - now());
  }

  /** How often the breaker moved into each state ({@code closed}, {@code open}, {@code half-open}); those it never entered are left out. */
  Map<String, Long> transitions() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (CircuitBreaker.State s : CircuitBreaker.State.values()) {
      long n = transitionsInto.get(s.ordinal());
      if (n > 0) {
        out.put(name(s), n);
      }
    }
    return out;
  }

  /** The breaker's state, for tests and the operations API: {@code closed}, {@code open}, {@code half-open}. */
  String state() {
    return name(breaker.getState());
  }
}

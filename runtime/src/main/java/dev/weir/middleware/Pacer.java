package dev.weir.middleware;

import dev.weir.event.SystemEvent;
import dev.weir.flow.RateLimitPolicy;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;

/**
 * A {@code @RateLimit} on a Resilience4j {@link RateLimiter}: {@code burst} permits every
 * {@code burst / perSecond} seconds. Each event takes one permit; when none is free the stage
 * thread parks until its reserved permit is due: the rate limit blocks (backpressure), it never
 * drops. That it began and stopped holding events back is reported once per episode.
 */
final class Pacer {

  /** Longer than any wait a permit can need: a reservation never fails, it waits. */
  private static final Duration NEVER_REFUSE = Duration.ofDays(1);

  private final RateLimiter limiter;
  private final RateLimitPolicy policy;
  private final MiddlewareEvents events;
  private final long periodNanos;
  private boolean saturated;
  private long held;
  /** Time spent waiting for permits, over the run; read by status and metrics from other threads. */
  private volatile long waitedNanos;
  /** When the last wait for a permit ended ({@link #now()}). */
  private long heldUntil;
  /** The clock permits are counted on; null for the system clock, read directly. */
  private final MiddlewareClock clock;

  Pacer(String stage, RateLimitPolicy policy, MiddlewareEvents events, MiddlewareClock clock) {
    this.policy = policy;
    this.events = events;
    this.clock = clock;
    this.periodNanos = Math.max(1_000L, Math.round(policy.burst() * 1e9 / policy.perSecond()));
    RateLimiterConfig config = RateLimiterConfig.custom()
        .limitForPeriod(policy.burst())
        .limitRefreshPeriod(Duration.ofNanos(periodNanos))
        .timeoutDuration(NEVER_REFUSE)
        .build();
    // Resilience4j's limiter takes its nano-time source in its constructor: the run's clock when it has one
    this.limiter = clock == null ? RateLimiter.of(stage, config) : new AtomicRateLimiter(stage, config, clock::nanoTime);
  }

  private long now() {
    MiddlewareClock c = clock;
    return c == null ? System.nanoTime() : c.nanoTime();
  }

  /**
   * Takes one permit, parking until it is due. The limit counts as released once a whole refresh
   * period passed without a wait: a stage held at its rate finds a few free permits at the start
   * of each period, which is not a release.
   */
  void acquire(StageWait wait) {
    long nanos = limiter.reservePermission();
    while (nanos < 0) { // the next free permit is further away than a reservation may reach: wait a period, ask again
      wait.pause(periodNanos);
      waitedNanos += periodNanos;
      nanos = limiter.reservePermission();
    }
    if (nanos > 0) {
      held++;
      heldUntil = now() + nanos;
      if (!saturated) {
        saturated = true;
        events.changed(SystemEvent.Type.RATE_LIMIT_SATURATED, "rate limit " + rate() + " saturated: events wait for"
            + " permits (backpressure)");
      }
      wait.pause(nanos);
      waitedNanos += nanos; // one writer: the stage thread
    } else if (saturated && now() - heldUntil >= periodNanos) {
      saturated = false;
      events.changed(SystemEvent.Type.RATE_LIMIT_RELEASED, "rate limit " + rate() + " no longer holds events back; "
          + held + " events waited so far");
    }
  }

  RateLimitPolicy policy() {
    return policy;
  }

  long waitedNanos() {
    return waitedNanos;
  }

  private String rate() {
    return policy.perSecond() + "/s (burst " + policy.burst() + ")";
  }
}

package dev.weir.middleware;

import dev.weir.api.ErrorKind;
import dev.weir.config.DurationText;
import dev.weir.dsl.OnOpen;
import dev.weir.flow.CircuitBreakerPolicy;
import dev.weir.flow.EventRef;
import dev.weir.flow.Fallback;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.TimeoutPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The resolved middleware stack of one stage, run on the stage's own thread. The decorators apply
 * in the order {@code RateLimit(Retry(CircuitBreaker(Timeout(handler))))}:
 *
 * <ul>
 *   <li><b>rate limit outermost</b>: it paces events, not calls (the issue's {@code @RateLimit}
 *       counts each event a source emits and each input of other stages), so an input takes one
 *       permit however many attempts it needs. Resilience4j's and Spring Cloud's aspect order puts
 *       the rate limiter inside the retry and charges every attempt; that paces calls to a remote
 *       system, but then a retry storm also slows the stage's throughput below its declared rate
 *       and the rate no longer says how many events pass. Weir paces events; a retry's own backoff
 *       is what spaces out the attempts of one input.
 *   <li><b>retry around the breaker</b>, as in Resilience4j: each attempt asks the breaker, each
 *       transient failure counts against it, and once it opens the remaining attempts are not
 *       made (an open breaker is not retried: the input goes to the fallback or {@code onOpen}).
 *   <li><b>timeout innermost</b>: an overrun is a {@code TIMEOUT} failure that the breaker counts
 *       and the retry retries.
 * </ul>
 *
 * <p>Only transient failures ({@link Transience}) are retried and count against the breaker. With
 * a fallback, the fallback answers every input the breaker turns away, and also an input whose
 * last attempt failed transiently (as a Resilience4j or Spring Cloud Circuit Breaker fallback
 * does); an input that failed for a non-transient reason (bad data) is dead-lettered, never
 * hidden behind a fallback answer. On replay a breaker's decisions are taken from the archived
 * run ({@link ArchivedAnswers}) and the rate limit is not applied (pacing is not part of the
 * output); retries and timeouts work as in the original run.
 */
public final class StageMiddleware {

  /** What became of one input. */
  public enum Outcome {
    /** The handler answered it (perhaps after retries). */
    ANSWERED,
    /** The fallback answers it: call {@link #fallback(Object)}. */
    FALLBACK,
    /** It failed: dead-letter it with {@link #failure()}, {@link #failureKind()} and {@link #attempts()}. */
    FAILED,
    /** The breaker is open and {@code onOpen = FAIL_FLOW}: the flow fails with {@link #failure()}'s message. */
    FAIL_FLOW,
    /** From {@link #admit}: make the async call; report its result with {@link #callEnded}. */
    CALL
  }

  private final String stage;
  private final List<MiddlewareEntry> entries;
  private final MiddlewareEvents events;
  // replaced only by runOn, before the stage's thread starts
  private Pacer pacer;
  private final RetrySchedule retry;
  private Breaker breaker;
  private final long timeoutNanos;
  private final Duration timeout;
  private Watchdog watchdog;
  private final Fallback fallback;
  private final OnOpen onOpen;
  private final Object flow;
  private final Function<Throwable, ErrorKind> classifier;
  private ArchivedAnswers archived;

  private int attempts;
  /** Whether the last attempt overran its {@code @Timeout}. */
  private boolean lastTimedOut;
  private Throwable failure;
  private ErrorKind failureKind;
  // one writer (the stage thread); status and metrics read them from other threads
  private volatile long retries;
  private volatile long fallbacks;

  private StageMiddleware(String stage, List<MiddlewareEntry> entries, Object flow,
      Function<Throwable, ErrorKind> classifier, MiddlewareEvents events) {
    this.stage = stage;
    this.entries = List.copyOf(entries);
    this.flow = flow;
    this.classifier = classifier;
    this.events = events;
    Pacer pace = null;
    RetrySchedule again = null;
    Breaker cb = null;
    Duration limit = null;
    for (MiddlewareEntry e : entries) {
      if (e.policy() instanceof RateLimitPolicy p) {
        pace = new Pacer(stage, p, events, null);
      } else if (e.policy() instanceof RetryPolicy p) {
        again = new RetrySchedule(p);
      } else if (e.policy() instanceof CircuitBreakerPolicy p) {
        cb = new Breaker(stage, p, events, null);
      } else if (e.policy() instanceof TimeoutPolicy p) {
        limit = p.timeout();
      }
    }
    this.pacer = pace;
    this.retry = again;
    this.breaker = cb;
    this.timeout = limit;
    this.timeoutNanos = limit == null ? 0 : limit.toNanos();
    this.watchdog = limit == null ? null : new Watchdog(null);
    this.fallback = cb == null ? null : cb.policy().fallback().orElse(null);
    this.onOpen = cb == null ? OnOpen.DEAD_LETTER : cb.policy().onOpen();
  }

  /**
   * The stack of a stage, or null when it has none (the stage's hot path then only checks for
   * null).
   *
   * @param stage the stage's name
   * @param entries its resolved stack
   * @param flow the run's flow instance, which a fallback method is called on
   * @param classifier gives a handler's exception its kind (the engine's one table)
   * @param events where breaker transitions and rate-limit saturation are reported
   */
  public static StageMiddleware of(String stage, List<MiddlewareEntry> entries, Object flow,
      Function<Throwable, ErrorKind> classifier, MiddlewareEvents events) {
    return entries.isEmpty() ? null : new StageMiddleware(stage, entries, flow, classifier, events);
  }

  /**
   * Measures this stack's time on {@code clock} instead of the system clock: rate-limit permits,
   * the breaker's wait in open, the {@code @Timeout} of a call (a retry's backoff is the stage's
   * {@link StageWait}, which the engine puts on the same clock). For a run given its own clock (the
   * test kit's); before the stage's thread starts.
   */
  public void runOn(MiddlewareClock clock) {
    java.util.Objects.requireNonNull(clock, "clock");
    if (pacer != null) {
      pacer = new Pacer(stage, pacer.policy(), events, clock);
    }
    if (breaker != null) {
      breaker = new Breaker(stage, breaker.policy(), events, clock);
    }
    if (watchdog != null) {
      watchdog = new Watchdog(clock);
    }
  }

  /** On replay: follow the archived run's breaker decisions, and do not pace. */
  public void followArchive(ArchivedAnswers answers) {
    this.archived = answers;
  }

  /** The stack as resolved, each entry with where it was declared. */
  public List<MiddlewareEntry> entries() {
    return entries;
  }

  /**
   * Takes {@code input} through the stack, calling {@code attempt} as often as it needs. The
   * attempt must not make its effects visible until it returns (the engine buffers what it emits),
   * since a failed attempt is made again or given up. An {@link Error} or a
   * {@link ClassCastException} from the attempt is not a failure of the input: it is thrown on.
   *
   * @param input the input's identity, for following an archived run's decisions on replay
   */
  public Outcome run(Attempt attempt, EventRef input, StageWait wait) throws Exception {
    attempts = 0;
    failure = null;
    failureKind = null;
    ArchivedAnswers replay = archived;
    if (replay != null) {
      if (replay.answeredByFallback(input)) {
        return fallbackAnswers();
      }
      if (replay.turnedAway(input)) {
        return turnedAway();
      }
    } else if (pacer != null) {
      pacer.acquire(wait);
    }
    for (;;) {
      if (breaker != null && replay == null && !permitted(wait)) {
        return fallback != null ? fallbackAnswers() : turnedAway();
      }
      attempts++;
      Exception thrown = null;
      long start = System.nanoTime();
      try {
        timed(attempt);
      } catch (ClassCastException e) {
        settleIgnored(replay);
        throw e;
      } catch (Exception e) {
        thrown = e;
      } catch (Error e) {
        settleIgnored(replay);
        throw e;
      }
      long nanos = System.nanoTime() - start;
      if (lastTimedOut) {
        thrown = timedOut(thrown);
      }
      if (thrown == null) {
        if (breaker != null && replay == null) {
          breaker.succeeded(nanos);
        }
        return Outcome.ANSWERED;
      }
      ErrorKind kind = lastTimedOut ? ErrorKind.TIMEOUT : classifier.apply(thrown);
      boolean transientFailure = Transience.isTransient(kind);
      if (breaker != null && replay == null) {
        if (transientFailure) {
          breaker.failed(nanos, thrown);
        } else {
          breaker.ignored();
        }
      }
      failure = thrown;
      failureKind = kind;
      if (transientFailure && retry != null && attempts < retry.maxAttempts()) {
        retries++;
        wait.pause(retry.waitNanos(attempts, thrown, kind));
        continue;
      }
      if (transientFailure && fallback != null && replay == null) {
        return fallbackAnswers();
      }
      return Outcome.FAILED;
    }
  }

  private void timed(Attempt attempt) throws Exception {
    lastTimedOut = false;
    if (watchdog == null) {
      attempt.call();
      return;
    }
    watchdog.arm(timeoutNanos);
    try {
      attempt.call();
    } finally {
      lastTimedOut = watchdog.disarm();
    }
  }

  private TimeoutException timedOut(Exception thrown) {
    TimeoutException e = new TimeoutException("call of stage '" + stage + "' did not complete within "
        + DurationText.format(timeout) + " (@Timeout): interrupted");
    e.setStackTrace(new StackTraceElement[0]);
    if (thrown != null) {
      e.addSuppressed(thrown);
    }
    return e;
  }

  private void settleIgnored(ArchivedAnswers replay) {
    if (breaker != null && replay == null) {
      breaker.ignored();
    }
  }

  /** Whether the breaker lets a call through now; with {@code onOpen = WAIT} (and no fallback) parks until it does. */
  private boolean permitted(StageWait wait) {
    for (;;) {
      if (breaker.tryAcquire()) {
        return true;
      }
      if (fallback != null || onOpen != OnOpen.WAIT) {
        return false;
      }
      wait.pause(Math.max(1_000_000L, breaker.openRemainingNanos())); // backpressure until half-open
    }
  }

  private Outcome fallbackAnswers() {
    attempts = Math.max(1, attempts);
    return Outcome.FALLBACK;
  }

  private Outcome turnedAway() {
    attempts = Math.max(1, attempts);
    failureKind = ErrorKind.CIRCUIT_OPEN;
    if (onOpen == OnOpen.FAIL_FLOW && archived == null) {
      failure = new IllegalStateException("the circuit breaker of stage '" + stage + "' is open and its onOpen is"
          + " FAIL_FLOW: the flow fails rather than turn inputs away (use onOpen = WAIT to wait for the remote side,"
          + " DEAD_LETTER to keep going, or a fallback)");
      return Outcome.FAIL_FLOW;
    }
    failure = new IllegalStateException("the circuit breaker of stage '" + stage + "' did not let the call through"
        + " (open, or half-open with its probe calls taken): the call was not made (onOpen = DEAD_LETTER)");
    return Outcome.FAILED;
  }

  /**
   * Before an async call (or its retry) for {@code input}: paces a first attempt, then asks the
   * breaker ({@code onOpen = WAIT} parks until it lets the call through: calls in flight release
   * their permissions as they complete). {@link Outcome#CALL} to make the call, else what
   * {@link #run} would answer for a turned-away input.
   */
  public Outcome admit(EventRef input, boolean firstAttempt, StageWait wait) {
    attempts = 0;
    failure = null;
    failureKind = null;
    ArchivedAnswers replay = archived;
    if (replay != null) {
      if (firstAttempt && replay.answeredByFallback(input)) {
        return fallbackAnswers();
      }
      if (firstAttempt && replay.turnedAway(input)) {
        return turnedAway();
      }
      return Outcome.CALL;
    }
    if (firstAttempt && pacer != null) {
      pacer.acquire(wait);
    }
    if (breaker == null || permitted(wait)) {
      return Outcome.CALL;
    }
    return fallback != null ? fallbackAnswers() : turnedAway();
  }

  /**
   * An async call admitted by {@link #admit} ended after {@code nanos}, with {@code failure} of
   * {@code kind} (null: it succeeded): the breaker counts it. Thread-safe: called where the call
   * completes, so that a permission is freed as soon as its call ends, whatever the input order.
   */
  public void callEnded(long nanos, Throwable failure, ErrorKind kind) {
    if (breaker == null || archived != null) {
      return;
    }
    if (failure == null) {
      breaker.succeeded(nanos);
    } else if (Transience.isTransient(kind)) {
      breaker.failed(nanos, failure);
    } else {
      breaker.ignored();
    }
  }

  /** Whether an async call that failed with {@code kind} after {@code attempts} calls is made again. */
  public boolean retriesAfter(ErrorKind kind, int attempts) {
    return retry != null && Transience.isTransient(kind) && attempts < retry.maxAttempts();
  }

  /**
   * Whether the fallback answers an async input whose last call failed with {@code kind}.
   */
  public boolean fallsBackAfter(ErrorKind kind) {
    return fallback != null && archived == null && Transience.isTransient(kind);
  }

  /**
   * The fallback's answer for an input {@link #run} gave {@link Outcome#FALLBACK} for (null for a
   * sink's); once the stage has emitted (or receipted) it, it calls {@link #answeredByFallback}.
   */
  public Object fallback(Object input) throws Exception {
    return fallback.apply(flow, input);
  }

  /** Counts one input answered by the fallback: its answer is journaled (a fallback that threw is a dead letter instead). */
  public void answeredByFallback() {
    fallbacks++;
  }

  /** Whether this stack paces events (a source paces each event it emits). */
  public boolean paces() {
    return pacer != null && archived == null;
  }

  /** Takes one rate-limit permit, parking until it is due (a source's emit). */
  public void pace(StageWait wait) {
    pacer.acquire(wait);
  }

  /** Whether failed calls are retried. */
  public boolean retries() {
    return retry != null;
  }

  /** Calls in all for one input (1 without a retry). */
  public int maxAttempts() {
    return retry == null ? 1 : retry.maxAttempts();
  }

  /** Counts one retry made outside {@link #run} (a source's or an async call's) and waits its backoff. */
  public void retryAfter(int failedAttempts, Throwable failure, ErrorKind kind, StageWait wait) {
    retries++;
    wait.pause(retry.waitNanos(failedAttempts, failure, kind));
  }

  /** The {@code @Timeout}, if any. */
  public java.util.Optional<Duration> timeout() {
    return java.util.Optional.ofNullable(timeout);
  }

  /** Calls of the last {@link #run}. */
  public int attempts() {
    return attempts;
  }

  /** Why the last {@link #run} failed. */
  public Throwable failure() {
    return failure;
  }

  /** The kind of the last {@link #run}'s failure. */
  public ErrorKind failureKind() {
    return failureKind;
  }

  /** Attempts made after a transient failure, over the whole run. */
  public long retryCount() {
    return retries;
  }

  /** Inputs the fallback answered, over the whole run. */
  public long fallbackCount() {
    return fallbacks;
  }

  /** How long the rate limit held events back, over the run; 0 without one. */
  public long rateLimitWaitNanos() {
    return pacer == null ? 0 : pacer.waitedNanos();
  }

  /** How often the breaker moved into each state; empty without a breaker, or before its first move. */
  public java.util.Map<String, Long> breakerTransitions() {
    return breaker == null ? java.util.Map.of() : breaker.transitions();
  }

  /** The breaker's state ({@code closed}, {@code open}, {@code half-open}), or {@code none}. */
  public String breakerState() {
    return breaker == null ? "none" : breaker.state();
  }
}

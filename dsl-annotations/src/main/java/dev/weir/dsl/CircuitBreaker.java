package dev.weir.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stops calling a failing handler for a while. Once at least {@link #minimumCalls()} of the last
 * {@link #slidingWindowSize()} calls were made and {@link #failureRateThreshold()} percent of them
 * failed transiently ({@code TIMEOUT}, {@code REMOTE}, {@code RATE_LIMITED}: bad data never opens a
 * breaker), or {@link #slowCallRateThreshold()} percent were slower than {@link #slowCallDuration()},
 * the breaker opens for {@link #waitInOpen()}; then {@link #halfOpenCalls()} probes decide whether it
 * closes. While open, inputs are answered by {@link #fallback()} or handled as {@link #onOpen()}
 * says (not both). Fits transforms, async transforms and sinks; on a {@link Flow} class it is the
 * default for those, on a {@link Stage} method it replaces that default.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CircuitBreaker {

  /** Percent of failed calls that opens the breaker; above 0, at most 100. */
  double failureRateThreshold() default 50;

  /** How many of the latest calls are judged; at least 1. */
  int slidingWindowSize() default 20;

  /** Calls needed before the rate is judged; at least 1. */
  int minimumCalls() default 10;

  /** How long the breaker stays open before probing; positive. Durations are written as for {@link Retry}. */
  String waitInOpen() default "30s";

  /** Probe calls while half-open; at least 1. */
  int halfOpenCalls() default 3;

  /** A call longer than this counts as slow; empty: calls are never slow. */
  String slowCallDuration() default "";

  /** Percent of slow calls that opens the breaker; above 0, at most 100. */
  double slowCallRateThreshold() default 100;

  /**
   * A method of the flow class (declared or inherited) that answers inputs while the breaker is
   * open: {@code O name(I in)} for a {@code Transform<I, O>} or {@code AsyncTransform<I, O>} (for
   * an async stage too it returns {@code O} itself, not a {@code CompletionStage}: a fallback answers
   * at once), {@code void name(I in)} for a {@code Sink<I>}; not private, not static, not generic.
   * Empty: no fallback.
   */
  String fallback() default "";

  /** Without a fallback, what happens to inputs while open; setting both is an error. */
  OnOpen onOpen() default OnOpen.DEAD_LETTER;
}

package dev.weir.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retries a failed call with exponential backoff. On a {@link Flow} class it is the default for
 * every stage it fits (sources, transforms, async transforms, sinks); on a {@link Stage} method it
 * replaces that default for the stage. Only transient failures ({@code TIMEOUT}, {@code REMOTE},
 * {@code RATE_LIMITED}) are retried; the last failure goes to the error journal once, with the
 * number of attempts. Waits park the stage thread (backpressure). Durations are a number and a unit
 * ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code m} for minutes, {@code h}), with a fraction
 * if need be ({@code 1.5s}), or ISO-8601 ({@code PT2S}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Retry {

  /** Calls in all, the first included; at least 1. */
  int maxAttempts() default 3;

  /** The wait before the second call; not negative. */
  String initialDelay() default "100ms";

  /** Each wait is the last times this; at least 1.0. */
  double multiplier() default 2.0;

  /** The longest wait; at least {@link #initialDelay()}. */
  String maxDelay() default "5s";

  /** Each wait varies by up to this fraction either way; 0..1. */
  double jitter() default 0.1;
}

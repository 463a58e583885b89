package dev.weir.api;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link Stateful} stage emits, and what happens to its state afterwards. A windowed policy
 * ({@link #everyN}, {@link #every}, {@link #always}) must say {@link #thenReset()} or
 * {@link #thenKeep()}; at end of input the final state is always emitted once.
 */
public final class EmitPolicy {

  /** What triggers an emit. */
  public enum Trigger {
    /** Only at end of input. */
    ON_END,
    /** After every {@code n} inputs. */
    EVERY_N,
    /** On a timer, even when no input arrives. */
    EVERY_DURATION,
    /** After every input. */
    ALWAYS
  }

  /** What happens to the state after an emit. */
  public enum AfterEmit {
    /** Not chosen yet: only valid for {@link Trigger#ON_END}. */
    UNSET,
    /** Start again from {@code initial()}: windows. */
    RESET,
    /** Keep accumulating: running totals. */
    KEEP
  }

  private final Trigger trigger;
  private final long count;
  private final Duration interval;
  private final AfterEmit afterEmit;

  private EmitPolicy(Trigger trigger, long count, Duration interval, AfterEmit afterEmit) {
    this.trigger = trigger;
    this.count = count;
    this.interval = interval;
    this.afterEmit = afterEmit;
  }

  /** Emit only at end of input. */
  public static EmitPolicy onEnd() {
    return new EmitPolicy(Trigger.ON_END, 0, Duration.ZERO, AfterEmit.KEEP);
  }

  /** Emit after every {@code n} inputs; choose {@link #thenReset()} or {@link #thenKeep()}. */
  public static EmitPolicy everyN(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("EmitPolicy.everyN needs n > 0, got " + n);
    }
    return new EmitPolicy(Trigger.EVERY_N, n, Duration.ZERO, AfterEmit.UNSET);
  }

  /** Emit on a timer, even when no input arrives; choose reset or keep. */
  public static EmitPolicy every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("EmitPolicy.every needs a positive interval, got " + interval);
    }
    return new EmitPolicy(Trigger.EVERY_DURATION, 0, interval, AfterEmit.UNSET);
  }

  /** Emit after every input; choose reset or keep. */
  public static EmitPolicy always() {
    return new EmitPolicy(Trigger.ALWAYS, 1, Duration.ZERO, AfterEmit.UNSET);
  }

  /** After each emit, start again from the initial state. */
  public EmitPolicy thenReset() {
    return new EmitPolicy(trigger, count, interval, AfterEmit.RESET);
  }

  /** After each emit, keep the state. */
  public EmitPolicy thenKeep() {
    return new EmitPolicy(trigger, count, interval, AfterEmit.KEEP);
  }

  public Trigger trigger() {
    return trigger;
  }

  /** For {@link Trigger#EVERY_N}: the number of inputs between emits. */
  public long count() {
    return count;
  }

  /** For {@link Trigger#EVERY_DURATION}: the time between emits. */
  public Duration interval() {
    return interval;
  }

  public AfterEmit afterEmit() {
    return afterEmit;
  }

  @Override
  public String toString() {
    return switch (trigger) {
      case ON_END -> "onEnd()";
      case EVERY_N -> "everyN(" + count + ")." + afterEmit.name().toLowerCase();
      case EVERY_DURATION -> "every(" + interval + ")." + afterEmit.name().toLowerCase();
      case ALWAYS -> "always()." + afterEmit.name().toLowerCase();
    };
  }
}

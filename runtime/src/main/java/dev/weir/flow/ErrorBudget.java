package dev.weir.flow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How many inputs a stage may send to its error journal before the run fails: a maximum count, a
 * maximum rate over a window of its latest inputs, both, or neither ({@link #unlimited()}, the
 * default). Immutable.
 *
 * <pre>
 * ErrorBudget.maxErrors(10)                        // the 11th dead letter fails the run
 * ErrorBudget.maxRate(0.01).over(1000)             // more than 10 failed among the last 1000 inputs fails it
 * ErrorBudget.maxErrors(100).andMaxRate(0.05)      // both: whichever is exceeded first
 * </pre>
 *
 * <p><b>What counts.</b> The count is of dead letters: every input a handler threw on, every raw
 * record {@code Emitter.reject} sent to the error journal, every event past a cycle's
 * {@code maxIterations}. The rate is of <em>failed inputs</em> among the stage's last {@code N}
 * inputs, where an input is a data event the stage read from any of its inputs (a join's
 * reference and stream events alike, a cycle entry's events coming back around the cycle), and,
 * for a source, which reads from outside the flow, each event it emitted and each record it
 * rejected. An input that produced several dead letters (several rejects) is one failed input.
 *
 * <p><b>When the rate is judged.</b> At every dead letter, from the first one: the run fails as
 * soon as more than {@code floor(rate × N)} of the stage's last {@code N} inputs failed. Before the
 * stage has read {@code N} inputs, its last {@code N} are all it has read, so a stage that fails
 * its first 11 inputs exceeds {@code maxRate(0.01).over(1000)} at once rather than after 1000
 * inputs; a short run is thus held to {@code floor(rate × N)} failed inputs in all, never to the
 * rate of a smaller sample. A rate of {@code 0.05%} over 1000 inputs allows no failed input
 * ({@code floor(0.5) = 0}).
 *
 * <p>Where a budget comes from, the first that applies: {@code FlowBuilder.errorBudget(stage, b)},
 * then {@code @Stage(maxErrors = n)} (carried in {@link StageDefinition#errorBudget()}), then
 * {@code FlowBuilder.errorBudget(b)} (the command line's {@code --max-errors} and
 * {@code --max-error-rate}), then {@link #unlimited()}.
 */
public final class ErrorBudget {

  /** The window of a rate when {@link #over(int)} does not give one. */
  public static final int DEFAULT_WINDOW = 1000;

  /** The largest window of a rate: a stage keeps one bit per input of its window. */
  public static final int MAX_WINDOW = 1 << 24;

  private static final long NO_COUNT = -1;
  private static final ErrorBudget UNLIMITED = new ErrorBudget(NO_COUNT, Double.NaN, DEFAULT_WINDOW);

  private final long maxErrors;
  private final double maxRate;
  private final int window;

  private ErrorBudget(long maxErrors, double maxRate, int window) {
    this.maxErrors = maxErrors;
    this.maxRate = maxRate;
    this.window = window;
  }

  /** No budget: a stage may dead-letter every input and the run still completes (with errors). */
  public static ErrorBudget unlimited() {
    return UNLIMITED;
  }

  /** At most {@code count} dead letters; the next one fails the run. {@code 0}: the first one does. */
  public static ErrorBudget maxErrors(long count) {
    return new ErrorBudget(checkCount(count), Double.NaN, DEFAULT_WINDOW);
  }

  /**
   * At most {@code rate} (0 to 1: {@code 0.01} is 1%) of the stage's last {@value #DEFAULT_WINDOW}
   * inputs may fail; {@link #over(int)} sets another window.
   */
  public static ErrorBudget maxRate(double rate) {
    return new ErrorBudget(NO_COUNT, checkRate(rate), DEFAULT_WINDOW);
  }

  /** This budget, with its rate judged over the stage's last {@code inputs} inputs. */
  public ErrorBudget over(int inputs) {
    if (!hasRate()) {
      throw new IllegalStateException("over(" + inputs + ") sets the window of a rate, and " + this
          + " has none: start from maxRate(...) or add andMaxRate(...)");
    }
    if (inputs < 1 || inputs > MAX_WINDOW) {
      throw new IllegalArgumentException("the window of an error rate is 1 to " + MAX_WINDOW + " inputs, got " + inputs);
    }
    return new ErrorBudget(maxErrors, maxRate, inputs);
  }

  /** This budget, also allowing at most {@code count} dead letters in all. */
  public ErrorBudget andMaxErrors(long count) {
    return new ErrorBudget(checkCount(count), maxRate, window);
  }

  /** This budget, also allowing at most {@code rate} failed inputs among the last {@link #window()} ones. */
  public ErrorBudget andMaxRate(double rate) {
    return new ErrorBudget(maxErrors, checkRate(rate), window);
  }

  /** The most dead letters allowed, if this budget counts them. */
  public OptionalLong errorLimit() {
    return maxErrors == NO_COUNT ? OptionalLong.empty() : OptionalLong.of(maxErrors);
  }

  /** The highest share of failed inputs in the window, if this budget has a rate. */
  public OptionalDouble rateLimit() {
    return hasRate() ? OptionalDouble.of(maxRate) : OptionalDouble.empty();
  }

  /** How many of a stage's latest inputs the rate is judged over. */
  public int window() {
    return window;
  }

  /**
   * The most failed inputs allowed among the last {@link #window()}: {@code floor(rate × window)},
   * computed in decimal ({@code 0.29} over 100 allows 29); empty without a rate.
   */
  public OptionalLong allowedInWindow() {
    if (!hasRate()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(BigDecimal.valueOf(maxRate).multiply(BigDecimal.valueOf(window))
        .setScale(0, RoundingMode.FLOOR).longValueExact());
  }

  /** Whether this budget allows every input to fail. */
  public boolean isUnlimited() {
    return maxErrors == NO_COUNT && !hasRate();
  }

  private boolean hasRate() {
    return !Double.isNaN(maxRate);
  }

  /** {@code rate} as a percentage: {@code 0.01} is {@code 1%}, {@code 0.005} is {@code 0.5%}. */
  public static String percent(double rate) {
    return BigDecimal.valueOf(rate).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  private static long checkCount(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("an error budget's count is 0 or more (0: the first error fails the run),"
          + " got " + count + "; for no budget use ErrorBudget.unlimited()");
    }
    return count;
  }

  private static double checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("an error rate is a fraction from 0 to 1 (0.01 is 1%), got " + rate);
    }
    return rate;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorBudget b && b.maxErrors == maxErrors && Double.compare(b.maxRate, maxRate) == 0
        && (!hasRate() || b.window == window);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxErrors, maxRate, hasRate() ? window : 0);
  }

  /** For example {@code at most 10 errors and 1% of the last 1000 inputs (10)}, or {@code unlimited}. */
  @Override
  public String toString() {
    if (isUnlimited()) {
      return "unlimited";
    }
    StringBuilder sb = new StringBuilder("at most ");
    if (maxErrors != NO_COUNT) {
      sb.append(maxErrors).append(maxErrors == 1 ? " error" : " errors");
    }
    if (hasRate()) {
      if (maxErrors != NO_COUNT) {
        sb.append(" and ");
      }
      sb.append(percent(maxRate)).append(" of the last ").append(window).append(" inputs (")
          .append(allowedInWindow().getAsLong()).append(')');
    }
    return sb.toString();
  }
}

package dev.weir.engine;

import dev.weir.flow.ErrorBudget;
import java.util.Arrays;

/**
 * Keeps one stage's {@link ErrorBudget}, on the stage's thread only. Nothing happens per input: the
 * guard is called at each dead letter with the number of the input it belongs to (the stage's
 * 1-based input count), and brings its window up to date then. The window is a ring of one bit per
 * input: bit {@code i % window} says whether input {@code i} failed, for the inputs in
 * {@code (latest - window, latest]}; the inputs read since the last dead letter are cleared in one
 * pass over their bits (at most the whole ring) when the next one comes.
 */
final class BudgetGuard {

  private final ErrorBudget budget;
  private final long maxErrors;
  private final long allowedInWindow;
  private final int window;
  private final long[] bits;
  /** The latest input whose bit is current: every input in (latest - window, latest] has its bit set right. */
  private long latest;
  /** Failed inputs among (latest - window, latest]. */
  private long failedInWindow;

  BudgetGuard(ErrorBudget budget) {
    this.budget = budget;
    this.maxErrors = budget.errorLimit().orElse(Long.MAX_VALUE);
    this.allowedInWindow = budget.allowedInWindow().orElse(-1);
    this.window = budget.window();
    this.bits = allowedInWindow < 0 ? null : new long[(window + 63) >>> 6];
  }

  ErrorBudget budget() {
    return budget;
  }

  /** The stage's count is over its limit, if it has one. */
  boolean countExceeded(long errors) {
    return errors > maxErrors;
  }

  /** Records that input {@code input} (1-based) failed; returns whether the window now holds too many failures. */
  boolean rateExceeded(long input) {
    if (bits == null) {
      return false;
    }
    if (input > latest) {
      clearAfterLatest(input);
      latest = input;
    } else if (input <= latest - window) {
      return false; // an input older than the window (an async call that completed late): counted in all, not here
    }
    int at = (int) ((input - 1) % window);
    long mask = 1L << (at & 63);
    if ((bits[at >>> 6] & mask) == 0) {
      bits[at >>> 6] |= mask;
      failedInWindow++;
    }
    return failedInWindow > allowedInWindow;
  }

  /** Failed inputs among the last {@code window} inputs, as of the latest dead letter. */
  long failedInWindow() {
    return failedInWindow;
  }

  int window() {
    return window;
  }

  long allowedInWindow() {
    return allowedInWindow;
  }

  /** Clears the bits of the inputs after {@link #latest} up to {@code input}: their slots held inputs now outside the window. */
  private void clearAfterLatest(long input) {
    long gap = input - latest;
    if (gap >= window) {
      Arrays.fill(bits, 0L);
      failedInWindow = 0;
      return;
    }
    for (long i = latest + 1; i <= input; i++) {
      int at = (int) ((i - 1) % window);
      long mask = 1L << (at & 63);
      if ((bits[at >>> 6] & mask) != 0) {
        bits[at >>> 6] &= ~mask;
        failedInWindow--;
      }
    }
  }
}

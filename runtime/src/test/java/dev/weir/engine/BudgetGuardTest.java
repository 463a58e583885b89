package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.ErrorBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The window of failed inputs against a count kept by brute force over every input. */
class BudgetGuardTest {

  @Test
  void count_isExceededByTheOneOverTheLimit() {
    BudgetGuard g = new BudgetGuard(ErrorBudget.maxErrors(2));
    assertThat(g.countExceeded(2)).isFalse();
    assertThat(g.countExceeded(3)).isTrue();
    assertThat(g.rateExceeded(1)).as("no rate").isFalse();
  }

  @Test
  void window_matchesABruteForceCount_forRandomFailures_inOrderAndLate() {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      int window = 1 + random.nextInt(200);
      double rate = random.nextDouble() * 0.5;
      ErrorBudget budget = ErrorBudget.maxRate(rate).over(window);
      long allowed = budget.allowedInWindow().getAsLong();
      BudgetGuard g = new BudgetGuard(budget);
      List<Long> failed = new ArrayList<>();
      long input = 0;
      for (int step = 0; step < 2000; step++) {
        input += 1 + (random.nextInt(10) == 0 ? random.nextInt(3 * window) : random.nextInt(4)); // gaps of all sizes
        // now and then an older input's failure is judged late (an async call), sometimes older than the window
        long at = random.nextInt(8) == 0 ? Math.max(1, input - random.nextInt(2 * window)) : input;
        if (failed.contains(at)) {
          continue;
        }
        boolean exceeded = g.rateExceeded(at);
        long latest = Math.max(at, failed.stream().mapToLong(Long::longValue).max().orElse(0));
        boolean inWindow = at > latest - window;
        if (inWindow) {
          failed.add(at);
        }
        long expected = failed.stream().filter(f -> f > latest - window).count();
        assertThat(g.failedInWindow()).as("round %d step %d, window %d, input %d", round, step, window, at)
            .isEqualTo(expected);
        assertThat(exceeded).isEqualTo(inWindow && expected > allowed);
        failed.removeIf(f -> f <= latest - window);
      }
    }
  }

  @Test
  void oneInputFailingTwice_countsOnceInTheWindow() {
    BudgetGuard g = new BudgetGuard(ErrorBudget.maxRate(0.2).over(10));
    assertThat(g.rateExceeded(5)).isFalse();
    assertThat(g.rateExceeded(5)).isFalse();
    assertThat(g.failedInWindow()).isEqualTo(1);
    assertThat(g.rateExceeded(6)).isFalse();
    assertThat(g.rateExceeded(7)).isTrue();
  }
}

package dev.weir.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ErrorBudget}'s values: what it holds, what it refuses, how it reads. */
class ErrorBudgetValuesTest {

  @Test
  void unlimited_isTheDefaultAndHasNoLimits() {
    ErrorBudget b = ErrorBudget.unlimited();
    assertThat(b.isUnlimited()).isTrue();
    assertThat(b.errorLimit()).isEmpty();
    assertThat(b.rateLimit()).isEmpty();
    assertThat(b.allowedInWindow()).isEmpty();
    assertThat(b).hasToString("unlimited");
    assertThat(new StageDefinition("s", StageKind.SINK, ElementType.of(Long.class), ElementType.NONE, ElementType.NONE,
        "s", f -> null).errorBudget()).isEmpty();
  }

  @Test
  void count_rate_andBoth() {
    assertThat(ErrorBudget.maxErrors(10).errorLimit()).isEqualTo(OptionalLong.of(10));
    assertThat(ErrorBudget.maxErrors(10).rateLimit()).isEmpty();
    assertThat(ErrorBudget.maxErrors(10)).hasToString("at most 10 errors");
    assertThat(ErrorBudget.maxErrors(1)).hasToString("at most 1 error");

    ErrorBudget rate = ErrorBudget.maxRate(0.01);
    assertThat(rate.window()).isEqualTo(ErrorBudget.DEFAULT_WINDOW).isEqualTo(1000);
    assertThat(rate.rateLimit()).isEqualTo(OptionalDouble.of(0.01));
    assertThat(rate.allowedInWindow()).isEqualTo(OptionalLong.of(10));
    assertThat(rate.over(500)).hasToString("at most 1% of the last 500 inputs (5)");

    ErrorBudget both = ErrorBudget.maxErrors(100).andMaxRate(0.005).over(4000);
    assertThat(both.errorLimit()).isEqualTo(OptionalLong.of(100));
    assertThat(both.allowedInWindow()).isEqualTo(OptionalLong.of(20));
    assertThat(both).hasToString("at most 100 errors and 0.5% of the last 4000 inputs (20)")
        .isEqualTo(ErrorBudget.maxRate(0.005).over(4000).andMaxErrors(100))
        .hasSameHashCodeAs(ErrorBudget.maxRate(0.005).over(4000).andMaxErrors(100))
        .isNotEqualTo(ErrorBudget.maxErrors(100).andMaxRate(0.005));
    assertThat(ErrorBudget.maxErrors(3)).isEqualTo(ErrorBudget.maxErrors(3)).isNotEqualTo(ErrorBudget.unlimited());
  }

  @ParameterizedTest
  @CsvSource({"0.29, 100, 29", "0.07, 100, 7", "0.0005, 1000, 0", "0.01, 999, 9", "1, 10, 10", "0, 1000, 0"})
  void allowedInWindow_isTheFloorInDecimal(double rate, int window, long allowed) {
    assertThat(ErrorBudget.maxRate(rate).over(window).allowedInWindow()).isEqualTo(OptionalLong.of(allowed));
  }

  @Test
  void percent_readsAsWritten() {
    assertThat(ErrorBudget.percent(0.01)).isEqualTo("1%");
    assertThat(ErrorBudget.percent(0.005)).isEqualTo("0.5%");
    assertThat(ErrorBudget.percent(0.125)).isEqualTo("12.5%");
    assertThat(ErrorBudget.percent(1)).isEqualTo("100%");
  }

  @Test
  void badValues_areRefusedSayingWhy() {
    assertThatThrownBy(() -> ErrorBudget.maxErrors(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count is 0 or more").hasMessageContaining("got -1");
    assertThatThrownBy(() -> ErrorBudget.maxRate(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a fraction from 0 to 1 (0.01 is 1%), got 1.5");
    assertThatThrownBy(() -> ErrorBudget.maxRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErrorBudget.maxRate(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErrorBudget.maxErrors(5).over(100)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("over(100) sets the window of a rate, and at most 5 errors has none");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, ErrorBudget.MAX_WINDOW + 1})
  void aWindowOutOfRange_isRefused(int window) {
    assertThatThrownBy(() -> ErrorBudget.maxRate(0.1).over(window)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the window of an error rate is 1 to " + ErrorBudget.MAX_WINDOW + " inputs, got " + window);
  }

  @Test
  void aStageDefinition_carriesItsOwnBudget() {
    StageDefinition s = StageDefinition.sink("out", ElementType.of(Long.class), f -> null);
    assertThat(s.withMaxErrors(7).errorBudget()).contains(ErrorBudget.maxErrors(7));
    assertThat(s.withMaxErrors(7).withMethod("sinkMethod").errorBudget()).contains(ErrorBudget.maxErrors(7));
    assertThat(s.withErrorBudget(ErrorBudget.maxRate(0.1)).errorBudget()).contains(ErrorBudget.maxRate(0.1));
  }
}

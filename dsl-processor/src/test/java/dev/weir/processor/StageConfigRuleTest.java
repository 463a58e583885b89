package dev.weir.processor;

import static dev.weir.processor.diag.Message.STAGE_MAX_ERRORS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.weir.flow.ErrorBudget;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import java.util.Optional;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code @Stage(maxErrors)}: checked while javac runs, carried into the generated definition, enforced at run time. */
class StageConfigRuleTest {

  @Test
  void negativeMaxErrorsOtherThanInherit_isReportedAtTheValue() {
    Expect.onlyError("budget/BadMaxErrors.java", STAGE_MAX_ERRORS.format(-5L, "checked"), "maxErrors = -5");
    assertThat(STAGE_MAX_ERRORS.format(-5L, "checked")).startsWith("[WEIR-STAGE-CONFIG] @Stage(maxErrors = -5) on"
        + " checked(): an error budget is a number of errors, 0 or more");
  }

  @Test
  void maxErrors_isGeneratedOnlyWhereGiven() {
    Compilation c = Expect.compiles("budget/StageBudget.java", "flows.budget.StageBudgetFlow");
    String source = Expect.source(c, "flows.budget.StageBudgetFlow");
    assertThat(source).contains(".withMethod(\"checked\")\n            .withMaxErrors(2))");
    assertThat(source.split("withMaxErrors", -1)).as("only 'checked' has a budget of its own:\n%s", source)
        .hasSize(2);
  }

  @Test
  void zeroAndLongBudgets_compileAndReachTheDefinition() throws Exception {
    Compilation c = Expect.compiles("budget/ZeroAndLargeBudgets.java", "flows.budget.ZeroAndLargeBudgetsFlow");
    assertThat(Expect.source(c, "flows.budget.ZeroAndLargeBudgetsFlow")).contains(".withMaxErrors(0)")
        .contains(".withMaxErrors(10000000000L)");
    FlowDefinition d = new CompiledClasses(c).definition("flows.budget.ZeroAndLargeBudgetsFlow");
    assertThat(d.stage("numbers").map(StageDefinition::errorBudget).orElseThrow())
        .contains(ErrorBudget.maxErrors(0));
    assertThat(d.stage("checked").map(StageDefinition::errorBudget).orElseThrow())
        .contains(ErrorBudget.maxErrors(10_000_000_000L));
    assertThat(d.stage("printed").map(StageDefinition::errorBudget).orElseThrow()).isEmpty();
  }

  @Test
  void generatedBudget_failsTheRunAtTheThirdError_andTheBuilderStillOverridesIt() throws Exception {
    Compilation c = Expect.compiles("budget/StageBudget.java", "flows.budget.StageBudgetFlow");
    FlowDefinition d = new CompiledClasses(c).definition("flows.budget.StageBudgetFlow");
    assertThat(d.stage("checked").orElseThrow().errorBudget()).isEqualTo(Optional.of(ErrorBudget.maxErrors(2)));

    // @Stage(maxErrors = 2) beats a flow-wide budget
    FlowResult failed = d.builder().errorBudget(ErrorBudget.maxErrors(100)).start().await(Duration.ofSeconds(30))
        .orElseThrow();
    assertThat(failed.state()).isEqualTo(FlowState.FAILED);
    assertThat(failed.failure().orElseThrow().getMessage()).isEqualTo("stage 'checked' exceeded its error budget:"
        + " 3 errors, budget 2; first: VALIDATION on numbers#2: number 2: even");
    assertThat(failed.stage("checked").errors()).isEqualTo(3);

    // a budget for the stage set in code beats @Stage
    FlowResult completed = d.builder().errorBudget("checked", ErrorBudget.maxErrors(5)).start()
        .await(Duration.ofSeconds(30)).orElseThrow();
    assertThat(completed.state()).as(completed.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(completed.errors()).isEqualTo(5);
    assertThat(completed.completedWithErrors()).isTrue();
  }
}

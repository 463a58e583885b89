package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.flow.ElementType;
import dev.weir.flow.ErrorBudget;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.journal.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's error budget ({@code --max-errors}, {@code --max-error-rate},
 * {@code --error-window}) and exit codes: 0 clean, 3 completed with errors, 1 failed (a budget
 * exceeded), 2 bad options; the summary marks the stages with errors and says where they are.
 */
class ErrorBudgetCliTest {

  @TempDir
  Path dir;

  record Item(int id, String name) {}

  /** items (1..500) |> check |> out; check refuses every item whose id {@code failEvery} divides (none for 0). */
  static FlowDefinition flow(int failEvery) {
    ElementType item = ElementType.of(Item.class, "item", 1);
    Transform<Item, Item> check = (i, out) -> {
      if (failEvery > 0 && i.id() % failEvery == 0) {
        throw new StageException(ErrorKind.VALIDATION, "item " + i.id() + ": refused");
      }
      out.emit(i);
    };
    return FlowDefinition.define("items")
        .stage(StageDefinition.source("items", item, f -> Sources.range(500, i -> new Item((int) i + 1, "n" + i))))
        .stage(StageDefinition.transform("check", StageKind.TRANSFORM, item, item, f -> check))
        .stage(StageDefinition.sink("out", item, f -> (Sink<Item>) x -> {}))
        .chain("items", "check", "out")
        .build();
  }

  record Run(int code, String out, String err) {}

  private static Run run(FlowDefinition def, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(def, "java -jar items.jar", new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run runOnDisk(FlowDefinition def, String... budget) {
    List<String> args = new java.util.ArrayList<>(List.of("--journal-dir", dir.toString(), "--durability", "none"));
    args.addAll(List.of(budget));
    return run(def, args.toArray(String[]::new));
  }

  private static Path runDir(Run r) {
    Matcher m = Pattern.compile("--replay-from (\\S+) --(verify|allow-incomplete)").matcher(r.out());
    assertThat(m.find()).as("replay command in:\n" + r.out()).isTrue();
    return Path.of(m.group(1));
  }

  @Test
  void aCleanRun_exits0_withNoErrorLine() {
    Run r = runOnDisk(flow(0), "--max-errors", "0");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("COMPLETED").doesNotContain("!").doesNotContain("with 0 errors")
        .doesNotContain("dead letters");
  }

  @Test
  void errorsWithinTheBudget_exit3_markTheStage_andSayWhereTheDeadLettersAre() {
    Run r = runOnDisk(flow(10), "--max-errors", "50");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    Path runDir = runDir(r);
    assertThat(r.out()).containsPattern("(?m)^check\\s+transform\\s+500\\s+450\\s+50 !$")
        .containsPattern("(?m)^items\\s+source\\s+0\\s+500\\s+0$")
        .contains("COMPLETED")
        .contains("completed with 50 errors, in stage check (50); read the dead letters with:\n"
            + "  java -jar items.jar journal cat " + runDir + " check --errors\n");

    // the printed command works: through the flow program's own journal tool
    Run cat = run(flow(10), "journal", "cat", runDir.toString(), "check", "--errors");
    assertThat(cat.code()).as(cat.err()).isZero();
    List<String> lines = cat.out().lines().toList();
    assertThat(lines).hasSize(51); // 50 dead letters and the journal's end of stream
    assertThat(lines.get(0)).contains("\"kind\":\"ERROR\"").contains("item 10: refused");
  }

  @Test
  void withoutABudget_errorsStillExit3() {
    Run r = runOnDisk(flow(100));

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
    assertThat(r.out()).contains("completed with 5 errors, in stage check (5)");
  }

  @Test
  void aCountExceeded_exits1_namingTheBudget_andTheManifestSaysFailedWithTheReason() throws Exception {
    Run r = runOnDisk(flow(10), "--max-errors", "10");

    String reason = "stage 'check' exceeded its error budget: 11 errors, budget 10; first: VALIDATION on items#10:"
        + " item 10: refused";
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED").contains("failure: " + reason)
        .contains("failed with 11 errors, in stage check (11); read the dead letters with:")
        .contains("--allow-incomplete");
    Manifest m = Manifest.read(runDir(r));
    assertThat(m.status()).isEqualTo("FAILED");
    assertThat(m.detail()).isEqualTo(reason);

    Run cat = run(flow(10), "journal", "cat", runDir(r).toString(), "check", "--errors");
    assertThat(cat.out().lines().filter(l -> l.contains("\"kind\":\"ERROR\""))).hasSize(11);
    // a run failed by its budget is whole: it verifies, and inspect says why it failed
    Run verify = run(flow(10), "journal", "verify", runDir(r).toString());
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).containsPattern("ok\\s+check.errors\\s+11 records");
    Run inspect = run(flow(10), "journal", "inspect", runDir(r).toString());
    assertThat(inspect.out()).contains(": FAILED (" + reason + ")").containsPattern("check\\s+transform.*\\s11\\s+ok");
  }

  @ParameterizedTest
  @CsvSource({"1%, 10", "0.01, 10", "0.5%, 5"})
  void aRateExceeded_exits1(String rate, int allowed) {
    Run r = runOnDisk(flow(1), "--max-error-rate", rate); // every input fails: the window never fills

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("failure: stage 'check' exceeded its error budget: " + (allowed + 1)
        + " failed among its last " + (allowed + 1) + " inputs, budget " + ErrorBudget.percent(
            ErrorRateConverter.parse(rate)) + " of 1000 inputs (" + allowed + ")");
  }

  @Test
  void aRate_overItsWindow() {
    Run held = runOnDisk(flow(10), "--max-error-rate", "10%", "--error-window", "20");
    assertThat(held.code()).as(held.out() + held.err()).isEqualTo(3);

    Run broken = runOnDisk(flow(10), "--max-error-rate", "5%", "--error-window", "20");
    assertThat(broken.code()).as(broken.out() + broken.err()).isEqualTo(1);
    assertThat(broken.out()).contains("exceeded its error budget: 2 failed among its last 20 inputs, budget 5% of 20"
        + " inputs (1); 2 errors in all; first: VALIDATION on items#10");
  }

  @Test
  void theProgramsOwnStageBudget_winsOverTheCommandLine() {
    StringWriter out = new StringWriter();
    int code = FlowApplication.execute(flow(10), b -> b.errorBudget("check", ErrorBudget.maxErrors(100)),
        "java -jar items.jar", new PrintWriter(out), new PrintWriter(new StringWriter()), "--memory", "--max-errors", "0");

    assertThat(code).as(out.toString()).isEqualTo(3);
    assertThat(out.toString()).contains("completed with 50 errors, in stage check (50); they were in memory journals");
  }

  @Test
  void theCommandLine_winsOverTheProgramsFlowWideBudget() {
    StringWriter out = new StringWriter();
    int code = FlowApplication.execute(flow(10), b -> b.errorBudget(ErrorBudget.maxErrors(100)),
        "java -jar items.jar", new PrintWriter(out), new PrintWriter(new StringWriter()), "--memory", "--max-errors", "3");

    assertThat(code).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("4 errors, budget 3;");
  }

  @Test
  void aReplayOfARunWithErrors_thatMatches_exits3() {
    Path runDir = runDir(runOnDisk(flow(10)));

    Run replay = run(flow(10), "--journal-dir", dir.toString(), "--replay-from", runDir.toString(), "--verify");

    assertThat(replay.out()).contains("replay matched the original run: 0 differences");
    assertThat(replay.code()).as(replay.out() + replay.err()).isEqualTo(3);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--max-errors|-1|Invalid value for option '--max-errors': '-1' is not a number of errors",
      "--max-errors|ten|Invalid value for option '--max-errors': 'ten' is not a number of errors",
      "--max-error-rate|150%|Invalid value for option '--max-error-rate': '150%' is not an error rate",
      "--max-error-rate|1.5|Invalid value for option '--max-error-rate': '1.5' is not an error rate",
      "--max-error-rate|-1%|Invalid value for option '--max-error-rate': '-1%' is not an error rate",
      "--max-error-rate|abc|Invalid value for option '--max-error-rate': 'abc' is not an error rate",
      "--max-error-rate|%|Invalid value for option '--max-error-rate': '%' is not an error rate",
      "--error-window|0|Invalid value for option '--error-window': '0' is not a window of inputs",
      "--error-window|many|Invalid value for option '--error-window': 'many' is not a window of inputs"})
  void aBadValue_exits2_namingTheOption(String option, String value, String message) {
    Run r = run(flow(10), "--memory", option, value);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(r.out()).doesNotContain("COMPLETED");
  }

  @Test
  void aWindowWithoutARate_isAUsageError() {
    Run r = run(flow(10), "--memory", "--error-window", "100");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--error-window sets the window of --max-error-rate: give --max-error-rate too");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1%", "0.01", "1.0%", " 1 %"})
  void aRate_readsAsAPercentageOrAFraction(String value) {
    assertThat(ErrorRateConverter.parse(value)).isEqualTo(0.01);
  }
}

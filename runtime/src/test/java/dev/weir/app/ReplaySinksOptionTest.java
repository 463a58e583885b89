package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --replay-sinks=run|skip}. */
class ReplaySinksOptionTest {

  @TempDir
  Path dir;

  private final AtomicInteger delivered = new AtomicInteger();

  private FlowDefinition flow(LongUnaryOperator scale) {
    ElementType number = ElementType.of(Long.class);
    return FlowDefinition.define("numbers")
        .stage(StageDefinition.source("numbers", number, f -> Sources.range(400, i -> i)))
        .stage(StageDefinition.transform("scaled", StageKind.TRANSFORM, number, number,
            f -> Transforms.map((Long x) -> scale.applyAsLong(x))))
        .stage(StageDefinition.sink("out", number, f -> (Sink<Long>) x -> delivered.incrementAndGet()))
        .chain("numbers", "scaled", "out")
        .build();
  }

  record Run(int code, String out, String err) {}

  private Run run(FlowDefinition flow, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(flow, "java -jar numbers.jar", new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path firstRun() {
    Run first = run(flow(x -> x * 3), "--journal-dir", dir.toString(), "--durability", "none");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(delivered).hasValue(400);
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    return Path.of(m.group(1));
  }

  @Test
  void skip_callsNoSink_andTheReplayStillVerifies() {
    Path runDir = firstRun();

    Run skipped = run(flow(x -> x * 3), "--journal-dir", dir.toString(), "--replay-from", runDir.toString(),
        "--verify", "--replay-sinks=skip");

    assertThat(skipped.code()).as(skipped.out() + skipped.err()).isZero();
    assertThat(delivered).hasValue(400); // the first run's 400, none more
    assertThat(skipped.out()).containsPattern("out\\s+sink\\s+400\\s+400\\s+0")
        .contains("note: sinks were not called (--replay-sinks=skip)")
        .contains("replay matched the original run: 0 differences")
        .containsPattern("--replay-from \\S+ --verify --replay-sinks=skip");
  }

  @Test
  void run_isTheDefault_andCallsTheSinksAgain() {
    Path runDir = firstRun();

    Run again = run(flow(x -> x * 3), "--journal-dir", dir.toString(), "--replay-from", runDir.toString(), "--verify");
    Run explicit = run(flow(x -> x * 3), "--journal-dir", dir.toString(), "--replay-from", runDir.toString(),
        "--verify", "--replay-sinks", "run");

    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(explicit.code()).as(explicit.out() + explicit.err()).isZero();
    assertThat(delivered).hasValue(1_200);
    assertThat(again.out()).contains("replay matched the original run: 0 differences").doesNotContain("not called")
        .doesNotContain("--replay-sinks");
    assertThat(explicit.out()).contains("replay matched the original run: 0 differences");
  }

  @Test
  void skip_stillReportsAChangedTransform() {
    Path runDir = firstRun();

    Run changed = run(flow(x -> x == 100 ? -1 : x * 3), "--journal-dir", dir.toString(), "--replay-from",
        runDir.toString(), "--verify", "--replay-sinks=skip");

    assertThat(changed.code()).as(changed.out() + changed.err()).isEqualTo(1);
    assertThat(delivered).hasValue(400);
    assertThat(changed.out()).contains("replay differs from the original run")
        .contains("scaled seq 101: payload 300 vs -1");
  }

  @Test
  void skipWithoutAReplay_andAnUnknownValue_areUsageErrors() {
    Run noReplay = run(flow(x -> x), "--journal-dir", dir.toString(), "--replay-sinks=skip");
    assertThat(noReplay.code()).isEqualTo(2);
    assertThat(noReplay.err()).contains("--replay-sinks=skip skips the sinks of a replay, but this run replays"
        + " nothing: give --replay-from <run dir> too");

    Run unknown = run(flow(x -> x), "--journal-dir", dir.toString(), "--replay-sinks=never");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--replay-sinks is run or skip, not 'never'");
    assertThat(delivered).hasValue(0);
  }
}

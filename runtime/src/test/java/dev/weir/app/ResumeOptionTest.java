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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --resume-from} and {@code --replay-live-effects}. */
class ResumeOptionTest {

  @TempDir
  Path dir;

  private final AtomicInteger delivered = new AtomicInteger();

  /** {@code numbers |> scaled |> out}; with {@code breakAt} > 0 the sink throws an Error there, failing the run. */
  private FlowDefinition flow(int breakAt) {
    ElementType number = ElementType.of(Long.class);
    return FlowDefinition.define("numbers")
        .stage(StageDefinition.source("numbers", number, f -> Sources.range(4_000, i -> i)))
        .stage(StageDefinition.transform("scaled", StageKind.TRANSFORM, number, number,
            f -> Transforms.map((Long x) -> x * 3)))
        .stage(StageDefinition.sink("out", number, f -> (Sink<Long>) x -> {
          if (delivered.incrementAndGet() == breakAt) {
            throw new OutOfMemoryError("simulated");
          }
        }))
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

  @Test
  void aFailedRun_printsItsResumeCommand_andTheResumeCompletesIt() {
    Run failed = run(flow(2_500), "--journal-dir", dir.toString(), "--durability", "none");
    assertThat(failed.code()).as(failed.out() + failed.err()).isEqualTo(1);
    Matcher m = Pattern.compile("resume: java -jar numbers.jar --journal-dir \\S+ --resume-from (\\S+)")
        .matcher(failed.out());
    assertThat(m.find()).as(failed.out()).isTrue();
    Path runDir = Path.of(m.group(1));
    int before = delivered.get();

    Run resumed = run(flow(0), "--journal-dir", dir.toString(), "--resume-from", runDir.toString());

    // the input the sink broke on stays dead-lettered (its outcome was journaled): completed with 1 error
    assertThat(resumed.code()).as(resumed.out() + resumed.err()).isEqualTo(3);
    assertThat(resumed.out()).containsPattern("out\\s+sink\\s+4000\\s+3999\\s+1");
    assertThat(delivered.get() - before).as("deliveries of the resume").isLessThan(4_000).isGreaterThan(1_000);
    assertThat(resumed.out()).contains("--replay-from " + runDir.toAbsolutePath()).doesNotContain("resume: ");

    Run replay = run(flow(0), "--journal-dir", dir.toString(), "--replay-from", runDir.toString(), "--verify",
        "--replay-sinks=skip");
    assertThat(replay.out()).as(replay.out() + replay.err()).contains("replay matched the original run: 0 differences");

    Run again = run(flow(0), "--journal-dir", dir.toString(), "--resume-from", runDir.toString());
    assertThat(again.code()).isNotZero();
    assertThat(again.out() + again.err()).contains("it completed");
  }

  @Test
  void badCombinations_exit2_sayingWhy() {
    Run memory = run(flow(0), "--memory", "--resume-from", dir.toString());
    assertThat(memory.code()).isEqualTo(2);
    assertThat(memory.err()).contains("--resume-from continues a run in its directory on disk: it does not go with --memory");
    Run both = run(flow(0), "--journal-dir", dir.toString(), "--resume-from", dir.toString(), "--replay-from",
        dir.toString());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("does not go with --replay-from");
    Run live = run(flow(0), "--journal-dir", dir.toString(), "--replay-live-effects");
    assertThat(live.code()).isEqualTo(2);
    assertThat(live.err()).contains("--replay-live-effects performs the effects of a replay: give --replay-from");
    Run notARun = run(flow(0), "--journal-dir", dir.toString(), "--resume-from", dir.resolve("nothing").toString());
    assertThat(notARun.code()).isNotZero();
    assertThat(notARun.out() + notARun.err()).contains("cannot resume").contains("nothing");
  }
}

package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.StopMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --keep-runs N}: after a completed disk run, the flow's directory keeps its newest N runs. */
class KeepRunsOptionTest {

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {
    Path runDir() {
      Matcher m = Pattern.compile("--replay-from (\\S+) --(verify|allow-incomplete)").matcher(out);
      assertThat(m.find()).as("replay command in:\n" + out).isTrue();
      return Path.of(m.group(1));
    }
  }

  private Run run(FlowDefinition def, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(def, "java -jar items.jar", new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run items(String... args) {
    List<String> all = new ArrayList<>(List.of("--journal-dir", dir.toString(), "--durability", "none"));
    all.addAll(List.of(args));
    return run(FlowApplicationTest.flow(), all.toArray(String[]::new));
  }

  private List<Path> runs() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("items"))) {
      return s.sorted().toList();
    }
  }

  @Test
  void afterEachCompletedRun_theNewestNRemain_theRunJustMadeAmongThem() throws Exception {
    Path first = items("--keep-runs", "2").runDir();
    Path second = items("--keep-runs", "2").runDir();
    assertThat(runs()).containsExactlyInAnyOrder(first, second);

    Run third = items("--keep-runs", "2");

    assertThat(third.code()).as(third.err()).isZero();
    assertThat(runs()).containsExactlyInAnyOrder(second, third.runDir());
    assertThat(third.out()).contains("--keep-runs 2: pruning " + dir.resolve("items") + "\n"
        + "deleted " + first + " (COMPLETED, started ").containsPattern("deleted 1 run, freed \\d+ bytes");
    assertThat(third.out().indexOf("replay: ")).as("the prune follows the replay line")
        .isLessThan(third.out().indexOf("--keep-runs 2: pruning"));

    Run fourth = items("--keep-runs", "1");
    assertThat(runs()).containsExactlyInAnyOrder(fourth.runDir());
    assertThat(fourth.out()).contains("deleted 2 runs");
  }

  @Test
  void aRunInProgress_isKept_andNotCounted() throws Exception {
    FlowHandle live = RunFixtures.endless(dir, "items"); // another run of the same flow, still going
    Path liveDir = live.journals().directory().orElseThrow();
    try {
      Path old = items().runDir();
      Run r = items("--keep-runs", "1");

      assertThat(r.code()).isZero();
      assertThat(runs()).containsExactlyInAnyOrder(liveDir, r.runDir());
      assertThat(r.out()).contains("kept " + liveDir + ": RUNNING: its process (pid "
          + ProcessHandle.current().pid() + ") runs").contains("deleted " + old);
    } finally {
      live.stop(StopMode.CANCEL, "test over");
      live.await();
    }
  }

  @Test
  void aReplay_keepsTheRunItReplayed() throws Exception {
    Path original = items().runDir();
    Path other = items().runDir();

    Run replay = items("--replay-from", original.toString(), "--verify", "--keep-runs", "1");

    assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out()).contains("replay matched the original run: 0 differences")
        .contains("kept " + original + ": the run this one replayed").contains("deleted " + other);
    assertThat(runs()).containsExactlyInAnyOrder(original, replay.runDir());
  }

  @Test
  void aRunThatDidNotComplete_prunesNothing() throws Exception {
    Path old = items().runDir();
    FlowDefinition failing = FlowDefinition.define("items")
        .stage(dev.weir.flow.StageDefinition.source("numbers", dev.weir.flow.ElementType.of(Long.class, "n", 1),
            f -> new RunFixtures.FailingSource()))
        .stage(dev.weir.flow.StageDefinition.sink("out", dev.weir.flow.ElementType.of(Long.class, "n", 1),
            f -> (dev.weir.api.Sink<Long>) x -> {}))
        .chain("numbers", "out")
        .build();

    Run failed = run(failing, "--journal-dir", dir.toString(), "--keep-runs", "1");

    assertThat(failed.code()).isNotZero();
    assertThat(failed.out()).contains("FAILED").doesNotContain("--keep-runs");
    assertThat(runs()).hasSize(2).contains(old);
  }

  @Test
  void badValues_exit2() {
    Run zero = items("--keep-runs", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("--keep-runs must be 1 or more (the run just made is always kept), got 0");

    Run memory = run(FlowApplicationTest.flow(), "--memory", "--keep-runs", "3");
    assertThat(memory.code()).isEqualTo(2);
    assertThat(memory.err()).contains("--keep-runs prunes disk journals: it does not go with --memory");

    assertThat(items("--keep-runs", "many").code()).isEqualTo(2);
    assertThat(dir.resolve("items")).doesNotExist();
  }

  @Test
  void help_describesTheOption() {
    Run r = run(FlowApplicationTest.flow(), "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("--keep-runs=N After a disk run completed: delete the flow's"
        + " older runs in DIR/<flow>/ so that the newest N remain, this one included");
  }
}

package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.app.RunFixtures.Run;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.StopMode;
import dev.weir.journal.RunArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal list}: the runs of a journal root or of a flow's directory, one line each, oldest first. */
class JournalListCommandTest {

  @TempDir
  Path root;

  private static long bytes(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** The line of {@code run}: flow, run id, start, status, size and events, separated by runs of spaces. */
  private static String line(String flow, Path run, Instant started, String status, Object events) throws Exception {
    return "(?m)^" + flow + "\\s+" + Pattern.quote(run.getFileName().toString()) + "\\s+"
        + Pattern.quote(started.truncatedTo(ChronoUnit.SECONDS).toString()) + "\\s+" + status + "\\s+"
        + Pattern.quote(RunDirectories.human(bytes(run))) + "\\s+" + events + "$";
  }

  @Test
  void aRootWithTwoFlows_listsEveryRun_byStart_withStatusSizeAndSourceEvents() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path alpha1 = RunFixtures.completed(root, "alpha", 10);
    Path beta1 = RunFixtures.completed(root, "beta", 7);
    Path alphaFailed = RunFixtures.failed(root, "alpha");
    Path alpha2 = RunFixtures.completed(root, "alpha", 20);
    Path betaCancelled = RunFixtures.cancelled(root, "beta");
    Path alphaCrashed = RunFixtures.crashedCopy(alpha1, now.minus(20, ChronoUnit.MINUTES));
    // start times an hour apart, not in the order the runs were made
    RunFixtures.started(alpha1, now.minus(5, ChronoUnit.HOURS));
    RunFixtures.started(beta1, now.minus(6, ChronoUnit.HOURS));
    RunFixtures.started(alphaFailed, now.minus(4, ChronoUnit.HOURS));
    RunFixtures.started(alpha2, now.minus(3, ChronoUnit.HOURS));
    RunFixtures.started(betaCancelled, now.minus(2, ChronoUnit.HOURS));
    long cancelledEvents;
    try (RunArchive a = RunArchive.open(betaCancelled, null)) {
      cancelledEvents = a.data("numbers").recordsBeforeEnd();
    }
    FlowHandle live = RunFixtures.endless(root, "beta");
    Path liveDir = live.journals().directory().orElseThrow();
    try {
      Run r = RunFixtures.tool("journal", "list", root.toString());

      assertThat(r.code()).as(r.out() + r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines.get(0)).matches("flow\\s+run id\\s+started\\s+status\\s+size\\s+events");
      assertThat(String.join("\n", lines.subList(1, 8)) + "\n")
          .containsPattern(line("beta", beta1, now.minus(6, ChronoUnit.HOURS), "COMPLETED", 7))
          .containsPattern(line("alpha", alpha1, now.minus(5, ChronoUnit.HOURS), "COMPLETED", 10))
          .containsPattern(line("alpha", alphaFailed, now.minus(4, ChronoUnit.HOURS), "FAILED", 5))
          .containsPattern(line("alpha", alpha2, now.minus(3, ChronoUnit.HOURS), "COMPLETED", 20))
          .containsPattern(line("beta", betaCancelled, now.minus(2, ChronoUnit.HOURS), "CANCELLED", cancelledEvents))
          .containsPattern(line("alpha", alphaCrashed, now.minus(20, ChronoUnit.MINUTES), "CRASHED", 10));
      // sorted by start: oldest first, the live run (started just now) last
      List<Path> order = List.of(beta1, alpha1, alphaFailed, alpha2, betaCancelled, alphaCrashed, liveDir);
      for (int i = 0; i < order.size(); i++) {
        assertThat(lines.get(i + 1)).contains(order.get(i).getFileName().toString());
      }
      assertThat(lines.get(7)).matches("beta\\s+" + Pattern.quote(liveDir.getFileName().toString()) + "\\s+\\S+\\s+"
          + "RUNNING\\s+.*\\s+\\d+");
      assertThat(r.out()).contains("7 runs, ").contains("; events: the data records of each run's sources")
          .contains("CRASHED: the manifest says RUNNING, but the process that wrote it (the pid in the run id) is"
              + " gone from this machine; journal prune keeps such runs unless --include-crashed");

      Run flow = RunFixtures.tool("journal", "list", root.resolve("alpha").toString());
      assertThat(flow.code()).isZero();
      assertThat(flow.out().lines().skip(1).filter(l -> !l.contains("runs, "))
          .filter(l -> !l.startsWith("CRASHED:"))).hasSize(4).allMatch(l -> l.startsWith("alpha "));
      assertThat(flow.out()).contains("4 runs, ");
    } finally {
      live.stop(StopMode.CANCEL, "test over");
      live.await();
    }
  }

  @Test
  void aDirectoryThatIsNotARunRoot_exits2_sayingWhy() throws Exception {
    Path run = RunFixtures.completed(root, "alpha", 3);
    Path other = Files.createDirectories(root.resolveSibling(root.getFileName() + "-other").resolve("x"));
    Files.writeString(other.resolve("notes.txt"), "not a run");

    Run aRun = RunFixtures.tool("journal", "list", run.toString());
    assertThat(aRun.code()).isEqualTo(2);
    assertThat(aRun.err()).contains(run + " is a run directory, not a directory of runs: give its flow's directory ("
        + root.resolve("alpha").toAbsolutePath() + ") or the journal root (" + root.toAbsolutePath() + ")");

    Run notRuns = RunFixtures.tool("journal", "list", other.toString());
    assertThat(notRuns.code()).isEqualTo(2);
    assertThat(notRuns.err()).contains(other + " is not a journal root (<root>/<flow>/<run-id>/) nor a flow's"
        + " directory (<flow>/<run-id>/)");

    Run missing = RunFixtures.tool("journal", "list", root.resolve("nosuch").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains(root.resolve("nosuch") + " is not a directory");

    Path empty = Files.createDirectories(root.resolve("empty-flow"));
    Run none = RunFixtures.tool("journal", "list", empty.toString());
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEqualTo("no runs under " + empty + "\n");
  }
}

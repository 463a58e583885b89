package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.app.RunFixtures.Run;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code journal prune}: whole run directories, per flow, by count or age; never a run in progress. */
class JournalPruneCommandTest {

  @TempDir
  Path root;

  private final Instant now = Instant.now();

  private static long bytes(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** A completed run of {@code flow} that started {@code hoursAgo} hours ago. */
  private Path completed(String flow, int hoursAgo) throws Exception {
    Path run = RunFixtures.completed(root, flow, 10);
    RunFixtures.started(run, now.minus(hoursAgo, ChronoUnit.HOURS));
    return run;
  }

  private static List<Path> runsOf(Path flowDir) throws Exception {
    try (Stream<Path> s = Files.list(flowDir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void keep_countsPerFlowUnderARoot_deletesTheOlderRuns_andSaysWhatItFreed() throws Exception {
    Path a1 = completed("alpha", 50);
    Path aFailed = RunFixtures.failed(root, "alpha");
    RunFixtures.started(aFailed, now.minus(40, ChronoUnit.HOURS));
    Path a2 = completed("alpha", 30);
    Path a3 = completed("alpha", 20);
    Path b1 = completed("beta", 45);
    Path bCancelled = RunFixtures.cancelled(root, "beta");
    RunFixtures.started(bCancelled, now.minus(35, ChronoUnit.HOURS));
    Path b2 = completed("beta", 10);
    long freed = bytes(a1) + bytes(aFailed) + bytes(b1);

    Run r = RunFixtures.tool("journal", "prune", root.toString(), "--keep", "2");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(runsOf(root.resolve("alpha"))).containsExactly(a2, a3);
    assertThat(runsOf(root.resolve("beta"))).containsExactly(bCancelled, b2);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("deleted " + a1 + " (COMPLETED, started ");
    assertThat(lines.get(1)).startsWith("deleted " + b1 + " (COMPLETED, started ");
    assertThat(lines.get(2)).startsWith("deleted " + aFailed + " (FAILED, started "
        + now.minus(40, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + ", ");
    assertThat(lines.get(3)).isEqualTo("deleted 3 runs, freed " + freed + " bytes (" + RunDirectories.human(freed) + ")");
  }

  @Test
  void keep_withinAFlowsDirectory_andADryRunDeletesNothing() throws Exception {
    Path a1 = completed("alpha", 3);
    Path a2 = completed("alpha", 2);
    Path a3 = completed("alpha", 1);
    Path b1 = completed("beta", 9);

    Run dry = RunFixtures.tool("journal", "prune", root.resolve("alpha").toString(), "--keep", "1", "--dry-run");

    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(runsOf(root.resolve("alpha"))).containsExactly(a1, a2, a3);
    long freed = bytes(a1) + bytes(a2);
    assertThat(dry.out()).isEqualTo("would delete " + a1 + " (COMPLETED, started "
        + now.minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + ", " + RunDirectories.human(bytes(a1)) + ")\n"
        + "would delete " + a2 + " (COMPLETED, started " + now.minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
        + ", " + RunDirectories.human(bytes(a2)) + ")\n"
        + "would delete 2 runs, freeing " + freed + " bytes (" + RunDirectories.human(freed)
        + "); dry run: nothing was deleted\n");

    Run real = RunFixtures.tool("journal", "prune", root.resolve("alpha").toString(), "--keep", "1");

    assertThat(real.code()).isZero();
    assertThat(real.out()).endsWith("deleted 2 runs, freed " + freed + " bytes (" + RunDirectories.human(freed) + ")\n");
    assertThat(runsOf(root.resolve("alpha"))).containsExactly(a3);
    assertThat(runsOf(root.resolve("beta"))).containsExactly(b1);

    Run again = RunFixtures.tool("journal", "prune", root.resolve("alpha").toString(), "--keep", "1");
    assertThat(again.out()).isEqualTo("deleted 0 runs, freed 0 bytes (0 B)\n");
  }

  @ParameterizedTest
  @CsvSource({"7d, 1", "12h, 3", "30m, 4", "P2D, 1"})
  void olderThan_deletesTheRunsStartedBeforeThen(String age, int deleted) throws Exception {
    List<Path> runs = new ArrayList<>();
    runs.add(completed("alpha", 24 * 8)); // 8 days
    runs.add(completed("beta", 24));
    runs.add(completed("alpha", 13));
    Path recent = RunFixtures.completed(root, "alpha", 10);
    RunFixtures.started(recent, now.minus(45, ChronoUnit.MINUTES));
    runs.add(recent);
    Path newest = RunFixtures.completed(root, "beta", 10);

    Run r = RunFixtures.tool("journal", "prune", root.toString(), "--older-than", age);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("deleted " + deleted + " run");
    for (int i = 0; i < runs.size(); i++) {
      assertThat(Files.exists(runs.get(i))).as("run %d of %s", i, runs).isEqualTo(i >= deleted);
    }
    assertThat(newest).exists();
  }

  @Test
  void aRunningRun_isNeverDeleted_aCrashedOneOnlyWithIncludeCrashed() throws Exception {
    Path old = completed("alpha", 5);
    Path crashed = RunFixtures.crashedCopy(old, now.minus(4, ChronoUnit.HOURS));
    FlowHandle live = RunFixtures.endless(root, "alpha");
    Path liveDir = live.journals().directory().orElseThrow();
    try {
      RunFixtures.started(old, now.minus(5, ChronoUnit.HOURS));
      long pid = ProcessHandle.current().pid();
      String crashedPid = crashed.getFileName().toString().split("-")[1];
      long freed = bytes(old);

      Run r = RunFixtures.tool("journal", "prune", root.toString(), "--keep", "0");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("kept " + liveDir + ": RUNNING: its process (pid " + pid + ") runs\n")
          .contains("kept " + crashed + ": CRASHED: the manifest says RUNNING but its process (pid " + crashedPid
              + ") is gone from this machine; --include-crashed deletes such runs\n")
          .contains("deleted " + old + " (COMPLETED")
          .endsWith("deleted 1 run, freed " + freed + " bytes (" + RunDirectories.human(freed) + ")\n");
      assertThat(liveDir).exists();
      assertThat(crashed).exists();
      assertThat(old).doesNotExist();

      Run older = RunFixtures.tool("journal", "prune", root.toString(), "--older-than", "30m", "--include-crashed");

      assertThat(older.code()).isZero();
      assertThat(older.out()).contains("kept " + liveDir + ": RUNNING").contains("deleted " + crashed + " (CRASHED")
          .contains("deleted 1 run, freed ");
      assertThat(crashed).doesNotExist();
      assertThat(liveDir).exists();
      assertThat(Manifest.read(liveDir).status()).isEqualTo("RUNNING");
    } finally {
      live.stop(StopMode.CANCEL, "test over");
      live.await();
    }
  }

  @Test
  void keep_countsOnlyRunsItMayDelete_andIncludeCrashedCountsCrashedOnes() throws Exception {
    Path a1 = completed("alpha", 5);
    Path crashed = RunFixtures.crashedCopy(a1, now.minus(1, ChronoUnit.HOURS)); // the newest
    RunFixtures.started(a1, now.minus(5, ChronoUnit.HOURS));
    Path a2 = completed("alpha", 3);

    Run keep = RunFixtures.tool("journal", "prune", root.toString(), "--keep", "1", "--dry-run");
    assertThat(keep.out()).contains("kept " + crashed + ": CRASHED").contains("would delete " + a1)
        .doesNotContain("would delete " + a2).contains("would delete 1 run");

    Run counted = RunFixtures.tool("journal", "prune", root.toString(), "--keep", "1", "--include-crashed");
    assertThat(counted.out()).contains("deleted " + a1).contains("deleted " + a2).contains("deleted 2 runs");
    assertThat(runsOf(root.resolve("alpha"))).containsExactly(crashed);
  }

  @Test
  void aRunWhoseManifestCannotBeRead_isKept() throws Exception {
    Path a1 = completed("alpha", 5);
    Files.writeString(a1.resolve(Manifest.FILE), "{ not json");

    Run r = RunFixtures.tool("journal", "prune", root.toString(), "--keep", "0");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("kept " + a1 + ": its manifest cannot be read (").endsWith("deleted 0 runs, freed 0"
        + " bytes (0 B)\n");
    assertThat(a1).exists();
  }

  @Test
  void badArguments_exit2_deletingNothing() throws Exception {
    Path a1 = completed("alpha", 5);
    String dir = root.toString();

    assertThat(RunFixtures.tool("journal", "prune", dir).err())
        .contains("Missing required argument (specify one of these): (--keep=N | --older-than=DURATION)");
    assertThat(RunFixtures.tool("journal", "prune", dir, "--keep", "1", "--older-than", "7d").err())
        .contains("--keep=N, --older-than=DURATION are mutually exclusive");
    assertThat(RunFixtures.tool("journal", "prune", dir, "--keep", "-1").err())
        .contains("--keep must be 0 or more, got -1");
    assertThat(RunFixtures.tool("journal", "prune", dir, "--older-than", "7x").err())
        .contains("Invalid value for option '--older-than': '7x' is not a duration");
    assertThat(RunFixtures.tool("journal", "prune", dir, "--older-than", "0s").err())
        .contains("'0s' is not a positive duration");
    assertThat(RunFixtures.tool("journal", "prune", a1.toString(), "--keep", "0").err())
        .contains("is a run directory, not a directory of runs");
    for (String[] args : new String[][] {{"journal", "prune", dir}, {"journal", "prune", dir, "--keep", "1",
        "--older-than", "7d"}, {"journal", "prune", dir, "--keep", "-1"}, {"journal", "prune", dir, "--older-than", "7x"},
        {"journal", "prune", "--keep", "1"}, {"journal", "prune", a1.toString(), "--keep", "0"},
        {"journal", "prune", dir, "--keep", "x"}}) {
      assertThat(RunFixtures.tool(args).code()).as(String.join(" ", args)).isEqualTo(2);
    }
    assertThat(a1).exists();
  }

  @Test
  void help_describesTheSafeDefault() {
    Run r = RunFixtures.tool("journal", "prune", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("Usage: weir journal prune")
        .contains("A run whose manifest says RUNNING is never deleted while its process runs.")
        .contains("--include-crashed").contains("--dry-run").containsPattern(Pattern.quote("7d, 12h, 30m"));
  }
}

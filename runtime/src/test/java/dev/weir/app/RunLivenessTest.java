package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.app.RunDirectories.Liveness;
import dev.weir.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Whether the process that writes a RUNNING run still runs: the pid in its run id, and when that process started. */
class RunLivenessTest {

  private static final long SELF = ProcessHandle.current().pid();

  private static Liveness of(String runId, Instant started) {
    return RunDirectories.liveness(runId, started, SELF, ProcessHandle::of);
  }

  @Test
  void thisProcess_isLive() {
    assertThat(of("20260101T000000Z-" + SELF + "-3", Instant.now())).isEqualTo(Liveness.LIVE);
  }

  @Test
  void aPidThatIsGone_meansTheRunCrashed() throws Exception {
    assertThat(of("20260101T000000Z-" + RunFixtures.deadPid() + "-1", Instant.now())).isEqualTo(Liveness.GONE);
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aLiveProcess_isTheRunsOnlyIfItStartedNoLaterThanTheRun() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      Instant processStart = sleeper.info().startInstant().orElseThrow();
      String runId = "20260101T000000Z-" + sleeper.pid() + "-1";

      assertThat(of(runId, processStart.plus(1, ChronoUnit.SECONDS))).isEqualTo(Liveness.LIVE);
      assertThat(of(runId, processStart.minus(1, ChronoUnit.HOURS))).as("the pid was reused after the run")
          .isEqualTo(Liveness.GONE);
    } finally {
      sleeper.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aProcessThatExitedButWasNotReaped_isGone() throws Exception {
    // sh starts a child that exits a moment later, then execs into a sleep that never reaps it: a zombie.
    // The child must outlive sh: a child that exited while sh still ran could be reaped by sh itself.
    Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 1 & echo $!; exec sleep 60").start();
    try {
      long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
          .readLine().trim());
      Await.until("the child to exit", () -> {
        try {
          String stat = Files.readString(Path.of("/proc", Long.toString(zombie), "stat"));
          return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
          return false;
        }
      });
      assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).as("ProcessHandle takes a zombie for alive")
          .contains(true);

      assertThat(RunDirectories.process(zombie)).isEmpty();
      assertThat(RunDirectories.liveness("20260101T000000Z-" + zombie + "-1", Instant.now(), SELF,
          RunDirectories::process)).isEqualTo(Liveness.GONE);
      assertThat(RunDirectories.process(parent.pid())).isPresent();
    } finally {
      parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRunIdWithoutAPid_orAProcessThatCannotBeLookedAt_cannotBeTold() {
    assertThat(of("my-own-run", Instant.now())).isEqualTo(Liveness.UNKNOWN);
    assertThat(RunDirectories.liveness("20260101T000000Z-42-1", Instant.now(), SELF, pid -> {
      throw new UnsupportedOperationException("no processes here");
    })).isEqualTo(Liveness.UNKNOWN);
    assertThat(RunDirectories.liveness("20260101T000000Z-42-1", Instant.now(), SELF, pid -> Optional.empty()))
        .isEqualTo(Liveness.GONE);
  }
}

package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.app.RunDirectories.Liveness;
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
  void aRunIdWithoutAPid_orAProcessThatCannotBeLookedAt_cannotBeTold() {
    assertThat(of("my-own-run", Instant.now())).isEqualTo(Liveness.UNKNOWN);
    assertThat(RunDirectories.liveness("20260101T000000Z-42-1", Instant.now(), SELF, pid -> {
      throw new UnsupportedOperationException("no processes here");
    })).isEqualTo(Liveness.UNKNOWN);
    assertThat(RunDirectories.liveness("20260101T000000Z-42-1", Instant.now(), SELF, pid -> Optional.empty()))
        .isEqualTo(Liveness.GONE);
  }
}

package dev.weir.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Sink;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming a run that was cancelled halfway, in this JVM; {@link ResumeKillTest} kills child JVMs. */
class ResumeTest {

  private static final long N = 20_000;

  @TempDir
  Path dir;

  @Test
  void aCancelledRun_resumed_journalsWhatAnUninterruptedRunJournals() throws Exception {
    resumesLikeAnUninterruptedRun(true, Journals.disk(dir), StopMode.CANCEL);
  }

  @Test
  void aCancelledRunOfAPlainSource_resumed_readsTheSourceAgainAndJournalsTheSame() throws Exception {
    resumesLikeAnUninterruptedRun(false, Journals.disk(dir), StopMode.CANCEL);
  }

  @Test
  void aCancelledSealedRun_resumed_goesOnWithItsHmacChain() throws Exception {
    byte[] key = "resume-test-key-0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    resumesLikeAnUninterruptedRun(true, Journals.disk(dir).key(key), StopMode.CANCEL);
  }

  @Test
  void aGracefullyStoppedRun_whoseStatefulStageEmittedAtItsEnd_isRefusedSayingWhy() throws Exception {
    Path runDir = stoppedAt(true, Journals.disk(dir), 7_000, StopMode.GRACEFUL);
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeFrom(runDir).start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("it was stopped gracefully, and stage 'sums' emitted at the end of its input there")
        .hasMessageContaining("stop with a cancel");
  }

  private void resumesLikeAnUninterruptedRun(boolean resumable, dev.weir.flow.DiskJournals journals, StopMode stop)
      throws Exception {
    byte[] key = journals.key();
    Path reference = uninterrupted(resumable, journals);
    Path runDir = stoppedAt(resumable, journals, 7_000, stop);
    long callsBefore = ResumeFlows.PRICED_CALLS.get();
    long[] delivered = {0};
    FlowResult r = ResumeFlows.chain(N, resumable, () -> v -> delivered[0]++, NOTHING).builder()
        .journals(journals).resumeFrom(runDir).start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(r.runId()).isEqualTo(runDir.getFileName().toString());
    dev.weir.journal.RunComparison same = dev.weir.journal.RunComparison.compare(reference, runDir, key);
    assertThat(same.differences()).isEmpty();
    assertThat(same.recordsCompared()).isGreaterThan(3 * N);
    long joined;
    try (RunArchive a = RunArchive.open(runDir, key)) {
      List<Long> receipted = new ArrayList<>();
      for (JournalRecord rec : a.data("out").readAll(RecordKind.RECEIPT)) {
        receipted.add(rec.parent().seq());
      }
      joined = a.data("joined").recordsBeforeEnd();
      assertThat(receipted).hasSize((int) joined);
      for (int i = 0; i < receipted.size(); i++) {
        assertThat(receipted.get(i)).isEqualTo(i + 1L);
      }
      Manifest m = a.manifest();
      assertThat(m.status()).isEqualTo("COMPLETED");
      assertThat(m.resumes()).hasSize(1);
      assertThat(m.resumes().get(0).previousStatus()).isEqualTo(stop == StopMode.CANCEL ? "CANCELLED" : "STOPPED");
    }
    assertThat(RunArchive.verify(runDir, key)).allMatch(RunArchive.JournalCheck::ok);
    // the result counts the whole run
    assertThat(r.stage("numbers").emitted()).isEqualTo(N);
    assertThat(r.stage("out").received()).isEqualTo(joined);
    // what the resume kept of the interrupted run (its ends of stream cut off; sealed: their whole batches)
    Manifest.ResumeEntry resume = Manifest.read(runDir).resumes().get(0);
    long keptReceipts = resume.kept().get("out.data");
    long keptPriced = resume.kept().get("priced.data");
    assertThat(keptReceipts).isPositive();
    // the sink was handed exactly what the interrupted run has no receipt for
    assertThat(delivered[0]).isEqualTo(joined - keptReceipts);
    // the async effect was called once for each input whose outcome the interrupted run did not journal
    long pricedInputs = N - N / 97;
    assertThat(ResumeFlows.PRICED_CALLS.get() - callsBefore).isEqualTo(pricedInputs - keptPriced);
  }

  @Test
  void aCompletedRun_isRefused() throws Exception {
    Path reference = uninterrupted(true);
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeFrom(reference).start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("cannot resume")
        .hasMessageContaining("it completed");
  }

  private static final Supplier<Sink<Long>> NOTHING = () -> v -> {};

  @Test
  void aRunNamedByItsId_resumesAndReplaysFromItsRunDirectory_andAnUnknownIdOrBothWaysAtOnceAreRefused() throws Exception {
    Path reference = uninterrupted(true);
    Path runDir = stoppedAt(true, Journals.disk(dir), 5_000, StopMode.CANCEL);
    String runId = runDir.getFileName().toString();
    FlowResult r = ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeRun(runId).start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(r.runId()).isEqualTo(runId);
    assertThat(dev.weir.journal.RunComparison.compare(reference, runDir, null).differences()).isEmpty();
    assertThat(Manifest.read(runDir).resumes()).hasSize(1);

    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeRun("20990101T000000Z-1-1").start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("cannot resume " + dir.resolve("resume-chain").resolve("20990101T000000Z-1-1"))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeRun(runId).resumeFrom(runDir).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("either a run directory")
        .hasMessageContaining("or a run by id");
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeRun(runId).replayFrom(runDir).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("either resumes (resumeRun " + runId + ")");
    for (String bad : List.of("", " ", "../" + runId, "a/b", "..")) {
      assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().resumeRun(bad))
          .as("run id '%s'", bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a run id");
    }
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.memory())
        .resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("keep no runs to resume");

    // a replay by run id on disk journals replays the run directory <dir>/<flow>/<run id>
    FlowHandle replay = ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.memory().keepAll())
        .replayRun(Journals.disk(dir), runId).start();
    assertThat(replay.await().state()).isEqualTo(FlowState.COMPLETED);
    try (RunArchive a = RunArchive.open(runDir, ResumeFlows.chain(N, true, NOTHING, NOTHING), null)) {
      assertThat(dev.weir.replay.ReplayVerifier.compare(a.manifest().stages().stream().map(Manifest.StageEntry::name)
          .toList(), a::data, replay.journals()::data, 10)).isEmpty();
    }
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().replayRun(Journals.memory(), runId))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep no runs to replay");
  }

  @Test
  void aRunOfAnotherFlowOrTopology_isRefused_namingTheDifferences() throws Exception {
    Path runDir = stoppedAt(true, Journals.disk(dir), 3_000, StopMode.CANCEL);
    FlowDefinition other = FlowDefinition.define("resume-chain")
        .stage(dev.weir.flow.StageDefinition.source("numbers", ResumeFlows.LONG, f -> dev.weir.api.Sources.range(3, i -> i)))
        .stage(dev.weir.flow.StageDefinition.sink("out", ResumeFlows.LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "out")
        .build();
    assertThatThrownBy(() -> other.builder().journals(Journals.disk(dir)).resumeFrom(runDir).start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("cannot resume " + runDir)
        .hasMessageContaining("stage 'checked' is in the run, not in the flow")
        .hasMessageContaining("stage 'totals' is in the run, not in the flow");
    FlowDefinition renamed = FlowDefinition.define("another")
        .stage(dev.weir.flow.StageDefinition.source("numbers", ResumeFlows.LONG, f -> dev.weir.api.Sources.range(3, i -> i)))
        .stage(dev.weir.flow.StageDefinition.sink("out", ResumeFlows.LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "out")
        .build();
    assertThatThrownBy(() -> renamed.builder().journals(Journals.disk(dir)).resumeFrom(runDir).start())
        .hasMessageContaining("it is a run of flow 'resume-chain', not of 'another'");
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.memory())
        .resumeFrom(runDir).start())
        .hasMessageContaining("on disk journals");
    // the run is still whole: a resume of the right flow goes on
    FlowResult r = ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeFrom(runDir).start().await();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
  }

  @Test
  void aLiveRun_isRefused_andAStageThatDoesNotDoWhatItDid_failsTheResumeSayingWhere() throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    long[] seen = {0};
    FlowHandle live = ResumeFlows.chain(N, true, () -> v -> {
      if (++seen[0] == 2_000) {
        reached.countDown();
        release.await();
      }
    }, NOTHING).builder().journals(Journals.disk(dir)).start();
    assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
    Path runDir = live.journals().directory().orElseThrow();
    assertThatThrownBy(() -> ResumeFlows.chain(N, true, NOTHING, NOTHING).builder().journals(Journals.disk(dir))
        .resumeFrom(runDir).start())
        .hasMessageContaining("is being written by a live process");
    live.stop(StopMode.CANCEL);
    release.countDown();
    assertThat(live.await().state()).isEqualTo(FlowState.CANCELLED);
    // the same topology, but 'checked' (a plain transform, processed again from its first input) now
    // multiplies by 4: its first re-derived record differs (StatelessResumeTest: a stateless one)
    FlowDefinition changed = FlowDefinition.define("resume-chain").bufferSize(64)
        .stage(dev.weir.flow.StageDefinition.source("numbers", ResumeFlows.LONG, f -> dev.weir.api.Sources.range(N, i -> i + 1)))
        .stage(dev.weir.flow.StageDefinition.source("rates", ResumeFlows.LONG, f -> dev.weir.api.Sources.range(10, i -> i)))
        .stage(dev.weir.flow.StageDefinition.transform("checked", dev.weir.flow.StageKind.TRANSFORM, ResumeFlows.LONG,
            ResumeFlows.LONG, f -> (dev.weir.api.Transform<Long, Long>) (v, o) -> o.emit(v * 4)))
        .stage(dev.weir.flow.StageDefinition.transform("priced", dev.weir.flow.StageKind.ASYNC_TRANSFORM, ResumeFlows.LONG,
            ResumeFlows.LONG, f -> new ResumeFlows.Priced()))
        .stage(dev.weir.flow.StageDefinition.join("joined", ResumeFlows.LONG, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> dev.weir.api.Joins.inner((Long x) -> x, (Long v) -> v % 10, (Long x, Long v) -> x + v)))
        .stage(dev.weir.flow.StageDefinition.transform("sums", dev.weir.flow.StageKind.STATEFUL, ResumeFlows.LONG,
            ResumeFlows.LONG, f -> dev.weir.api.Aggregations.reduce(() -> 0L, (Long a, Long v) -> a + v)
                .emitting(dev.weir.api.EmitPolicy.everyN(1000).thenReset())))
        .stage(dev.weir.flow.StageDefinition.sink("out", ResumeFlows.LONG, f -> (Sink<Long>) v -> {}))
        .stage(dev.weir.flow.StageDefinition.sink("totals", ResumeFlows.LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "checked", "priced", "joined", "out")
        .edge(dev.weir.flow.EdgeDefinition.reference("rates", "joined"))
        .chain("joined", "sums", "totals")
        .build();
    FlowResult r = changed.builder().journals(Journals.disk(dir)).resumeFrom(runDir).start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("journal checked.data seq 1: the resumed run produced another record than the interrupted run"
            + " journaled there (payload 3 journaled, 4 now)")
        .contains("is it deterministic");
  }

  private Path uninterrupted(boolean resumable) throws Exception {
    return uninterrupted(resumable, Journals.disk(dir));
  }

  private Path uninterrupted(boolean resumable, dev.weir.flow.DiskJournals journals) throws Exception {
    FlowHandle h = ResumeFlows.chain(N, resumable, NOTHING, NOTHING).builder().journals(journals).start();
    FlowResult r = h.await();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    return h.journals().directory().orElseThrow();
  }

  /**
   * A run stopped when its sink {@code out} is handed input {@code k}: a cancel while the sink waits
   * there, or a graceful stop (the sink goes on, slowly, so that the sources are still running).
   */
  private Path stoppedAt(boolean resumable, dev.weir.flow.DiskJournals journals, long k, StopMode mode)
      throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    long[] seen = {0};
    FlowHandle h = ResumeFlows.chain(N, resumable, () -> v -> {
      if (++seen[0] == k) {
        reached.countDown();
        if (mode == StopMode.CANCEL) {
          never.await();
        }
      }
      if (seen[0] >= k && mode == StopMode.GRACEFUL) {
        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
      }
    }, NOTHING).builder().journals(journals).stopDeadline(java.time.Duration.ofSeconds(30)).start();
    assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(mode);
    FlowResult r = h.await();
    assertThat(r.state()).isEqualTo(mode == StopMode.CANCEL ? FlowState.CANCELLED : FlowState.COMPLETED);
    if (mode == StopMode.GRACEFUL) {
      assertThat(r.detail()).startsWith("stopped gracefully");
    }
    return h.journals().directory().orElseThrow();
  }
}

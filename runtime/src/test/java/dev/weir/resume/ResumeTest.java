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
    Path reference = uninterrupted(true);
    Path runDir = cancelledAt(true, 7_000);
    long callsBefore = ResumeFlows.PRICED_CALLS.get();
    long[] delivered = {0};
    FlowResult r = ResumeFlows.chain(N, true, () -> v -> delivered[0]++, () -> v -> {}).builder()
        .journals(Journals.disk(dir)).resumeFrom(runDir).start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(r.runId()).isEqualTo(runDir.getFileName().toString());
    List<String> diffs = Journals2.differences(reference, runDir, ResumeFlows.chain(N, true, NOTHING, NOTHING));
    assertThat(diffs).isEmpty();
    // sink receipts: every input of out exactly once
    try (RunArchive a = RunArchive.open(runDir, null)) {
      List<Long> receipted = new ArrayList<>();
      for (JournalRecord rec : a.data("out").readAll(RecordKind.RECEIPT)) {
        receipted.add(rec.parent().seq());
      }
      long joined = a.data("joined").recordsBeforeEnd();
      assertThat(receipted).hasSize((int) joined).doesNotHaveDuplicates();
      assertThat(receipted.get(receipted.size() - 1)).isEqualTo(joined);
      Manifest m = a.manifest();
      assertThat(m.status()).isEqualTo("COMPLETED");
      assertThat(m.resumes()).hasSize(1);
      assertThat(m.resumes().get(0).previousStatus()).isEqualTo("CANCELLED");
    }
    // the result counts the whole run
    assertThat(r.stage("numbers").emitted()).isEqualTo(N);
    assertThat(delivered[0]).as("the resumed sink got only what the interrupted one had no receipt for")
        .isLessThan(r.stage("out").received());
    // the async effect was not called again for what the interrupted run journaled
    long calls = ResumeFlows.PRICED_CALLS.get() - callsBefore;
    assertThat(calls).isLessThan(N - N / 97);
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

  private Path uninterrupted(boolean resumable) throws Exception {
    FlowHandle h = ResumeFlows.chain(N, resumable, NOTHING, NOTHING).builder().journals(Journals.disk(dir)).start();
    FlowResult r = h.await();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    return h.journals().directory().orElseThrow();
  }

  /** A run whose sink {@code out} stops at its {@code k}-th input until the run is cancelled. */
  private Path cancelledAt(boolean resumable, long k) throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    long[] seen = {0};
    FlowHandle h = ResumeFlows.chain(N, resumable, () -> v -> {
      if (++seen[0] == k) {
        reached.countDown();
        never.await();
      }
    }, NOTHING).builder().journals(Journals.disk(dir)).stopDeadline(java.time.Duration.ofSeconds(1)).start();
    assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.CANCEL);
    FlowResult r = h.await();
    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    return h.journals().directory().orElseThrow();
  }
}

package dev.weir.resume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.StatelessTransform;
import dev.weir.api.Transform;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StopMode;
import dev.weir.event.SystemEvent;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import dev.weir.journal.RunComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumed {@link StatelessTransform} hands on what it journaled for the inputs it had finished
 * instead of processing them again, and processes only the rest; any other transform processes
 * every input again. Either way the resumed run journals what an uninterrupted run does.
 */
class StatelessResumeTest {

  private static final long N = 12_000;
  private static final AtomicLong CALLS = new AtomicLong();

  @TempDir
  Path dir;

  /** Three outputs for a multiple of 5, a dead letter for a multiple of 97, else one. */
  private static void expand(Long v, dev.weir.api.Emitter<Long> out) throws StageException {
    CALLS.incrementAndGet();
    if (v % 97 == 0) {
      throw new StageException(ErrorKind.VALIDATION, "multiple of 97: " + v);
    }
    out.emit(v * 3);
    if (v % 5 == 0) {
      out.emit(-v);
      out.emit(v * 1_000);
    }
  }

  private static FlowDefinition flow(boolean stateless, long multiplier, Sink<Long> out) {
    Transform<Long, Long> t = stateless
        ? (StatelessTransform<Long, Long>) (v, o) -> expand(v * multiplier, o)
        : (v, o) -> expand(v * multiplier, o);
    return FlowDefinition.define("stateless-resume").bufferSize(64)
        .stage(StageDefinition.source("numbers", ResumeFlows.LONG, f -> Sources.range(N, i -> i + 1)))
        .stage(StageDefinition.transform("expanded", StageKind.TRANSFORM, ResumeFlows.LONG, ResumeFlows.LONG, f -> t))
        .stage(StageDefinition.transform("kept", StageKind.TRANSFORM, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> dev.weir.api.Transforms.filter((Long v) -> v % 2 == 0)))
        .stage(StageDefinition.sink("out", ResumeFlows.LONG, f -> out))
        .chain("numbers", "expanded", "kept", "out")
        .build();
  }

  @Test
  void aStatelessTransform_resumed_processesOnlyTheInputsAfterThoseItFinished() throws Exception {
    Path reference = completed(true);
    Path runDir = cancelledAt(true, 5_000);
    long finished = finishedThrough(runDir, "expanded");
    assertThat(finished).as("the interrupted run finished some inputs").isBetween(1L, N - 1);
    CALLS.set(0);
    List<Long> delivered = new ArrayList<>();
    FlowResult r = flow(true, 1, delivered::add).builder().journals(Journals.disk(dir)).resumeFrom(runDir).start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(CALLS.get()).as("processed again: the inputs after the last it finished").isEqualTo(N - finished);
    assertThat(RunComparison.compare(reference, runDir, null).differences()).isEmpty();
    assertThat(r.stage("expanded").received()).isEqualTo(N);
    assertThat(r.stage("expanded").errors()).isEqualTo(N / 97);
    try (RunArchive a = RunArchive.open(runDir, null)) {
      assertThat(a.errors("expanded").deadLetters()).hasSize((int) (N / 97))
          .allMatch(d -> d.message().startsWith("multiple of 97: "));
      assertThat(stageCompleted(a, "expanded")).contains(finished + " inputs handed on from the interrupted run's journal");
    }
    assertThat(RunArchive.verify(runDir, null)).allMatch(RunArchive.JournalCheck::ok);
  }

  @Test
  void aTornBatchThatKeptOnlySomeOutputsOfAnInput_resumed_processesThatInputAgain() throws Exception {
    Path reference = completed(true);
    Path runDir = cancelledAt(true, 5_000);
    Path segment;
    try (var files = java.nio.file.Files.list(runDir.resolve("expanded.data"))) {
      segment = files.filter(f -> f.toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    // cut the journal back, byte by byte as a kill can, until it keeps only the first outputs of an input
    long size = java.nio.file.Files.size(segment);
    while (true) {
      size--;
      try (var ch = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(size);
      }
      try (RunArchive a = RunArchive.open(runDir, null)) {
        long last = a.data("expanded").lastSeq();
        JournalRecord r = a.data("expanded").read(last, 1).get(0);
        long v = r.parent().seq();
        if (v % 5 == 0 && v % 97 != 0 && !r.payload().equals(v * 1_000)) {
          break; // v's first or second output is the last record: its third was torn off
        }
      }
    }
    long finished = finishedThrough(runDir, "expanded");
    CALLS.set(0);
    FlowResult r = flow(true, 1, v -> {}).builder().journals(Journals.disk(dir)).resumeFrom(runDir).start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(CALLS.get()).isEqualTo(N - finished);
    assertThat(RunComparison.compare(reference, runDir, null).differences()).isEmpty();
    assertThat(Manifest.read(runDir).resumes().get(0).tornTails()).isNotEmpty();
  }

  @Test
  void aTransformThatMadeNoPromise_resumed_processesEveryInputAgain() throws Exception {
    Path reference = completed(false);
    Path runDir = cancelledAt(false, 5_000);
    CALLS.set(0);
    FlowResult r = flow(false, 1, v -> {}).builder().journals(Journals.disk(dir)).resumeFrom(runDir).start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(CALLS.get()).isEqualTo(N);
    assertThat(RunComparison.compare(reference, runDir, null).differences()).isEmpty();
  }

  @Test
  void aStatelessTransformThatChanged_failsTheResumeAtTheFirstInputItProcessesAgain() throws Exception {
    Path runDir = cancelledAt(true, 5_000);
    long finished = finishedThrough(runDir, "expanded");
    FlowResult r = flow(true, 2, v -> {}).builder().journals(Journals.disk(dir)).resumeFrom(runDir).start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    long firstAgain = finished + 1; // its outputs are journaled after those of every input before it
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("journal expanded.data seq ")
        .contains("the resumed run produced another record than the interrupted run journaled there")
        .contains("payload " + firstAgain * 3 + " journaled, " + firstAgain * 2 * 3 + " now");
  }

  /** The last input of {@code stage}'s upstream whose outputs the interrupted run's journals held whole. */
  private static long finishedThrough(Path runDir, String stage) throws Exception {
    try (RunArchive a = RunArchive.open(runDir, null)) {
      long last = a.data(stage).lastSeq();
      JournalRecord r = a.data(stage).read(last, 1).get(0);
      return r.kind() == RecordKind.END_OF_STREAM ? N : r.parent().seq() - 1;
    }
  }

  private static String stageCompleted(RunArchive a, String stage) {
    String detail = "";
    for (JournalRecord r : a.system().readAll()) {
      if (r.payload() instanceof SystemEvent e && e.type() == SystemEvent.Type.STAGE_COMPLETED && stage.equals(e.subject())) {
        detail = e.detail();
      }
    }
    return detail;
  }

  private Path completed(boolean stateless) throws Exception {
    FlowHandle h = flow(stateless, 1, v -> {}).builder().journals(Journals.disk(dir.resolve("reference"))).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    return h.journals().directory().orElseThrow();
  }

  /** A run cancelled while its sink waits on its {@code k}-th input. */
  private Path cancelledAt(boolean stateless, long k) throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    long[] seen = {0};
    FlowHandle h = flow(stateless, 1, v -> {
      if (++seen[0] == k) {
        reached.countDown();
        never.await();
      }
    }).builder().journals(Journals.disk(dir)).start();
    assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.CANCEL);
    assertThat(h.await().state()).isEqualTo(FlowState.CANCELLED);
    Path runDir = h.journals().directory().orElseThrow();
    assertThat(Manifest.read(runDir).status()).isEqualTo("CANCELLED");
    return runDir;
  }
}

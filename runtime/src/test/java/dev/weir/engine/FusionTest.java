package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.StageResult;
import dev.weir.flow.StopMode;
import dev.weir.flow.RunView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stages sharing a thread ({@code FlowBuilder.threads}): a run on fewer threads than stages keeps
 * every guarantee of a thread per stage: the same journals record for record, the same dead letters,
 * journal-first reads, backpressure, failures named by their stage, and stops.
 */
class FusionTest {

  private static final int EVENTS = 20_000;
  private static final String[] STAGES = {"numbers", "triple", "split", "inc", "collect"};

  @TempDir Path dir;

  /** x*3; then a dead letter for each multiple of 7, two outputs for each multiple of 5; then +1. */
  private static FlowDefinition pipeline(List<Long> into) {
    Transform<Long, Long> split = (x, out) -> {
      if (x % 7 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "multiple of 7: " + x);
      }
      out.emit(x);
      if (x % 5 == 0) {
        out.emit(-x);
      }
    };
    return flow("fused")
        .bufferSize(16) // rings fill all the time: the host waits for room while its fused reader frees it
        .stage(source("numbers", Sources.range(EVENTS, i -> i + 1)))
        .stage(transform("triple", Transforms.map((Long x) -> x * 3)))
        .stage(transform("split", split))
        .stage(transform("inc", Transforms.map((Long x) -> x + 1)))
        .stage(sink("collect", into::add))
        .chain(STAGES)
        .build();
  }

  private static String threadsLine(FlowHandle h) {
    for (JournalRecord rec : h.journals().system().readAll()) {
      String line = rec.payload().toString();
      if (line.contains("MATERIALIZED")) {
        return line;
      }
    }
    throw new AssertionError("no MATERIALIZED event in the system journal");
  }

  /** Every record of every stage journal but its time stamp. */
  private static List<String> journals(RunView view) {
    List<String> out = new ArrayList<>();
    for (String stage : STAGES) {
      for (JournalRecord r : view.data(stage).readAll()) {
        out.add(stage + ".data " + r.seq() + " " + r.kind() + " " + r.parent() + " " + r.correlationId() + " "
            + r.depth() + " " + r.payload());
      }
      for (JournalRecord r : view.errors(stage).readAll()) {
        out.add(stage + ".errors " + r.seq() + " " + r.kind() + " " + r.parent() + " " + r.payload());
      }
    }
    return out;
  }

  @Test
  void aRunOnFewerThreads_writesTheSameJournals_andDeliversTheSame_asAThreadPerStage() throws Exception {
    List<String> reference = null;
    List<Long> referenceOut = null;
    for (int threads : new int[] {Integer.MAX_VALUE, 2, 1}) {
      List<Long> got = Collections.synchronizedList(new ArrayList<>());
      FlowHandle h = pipeline(got).builder().threads(threads).journals(Journals.memory().keepAll()).start();
      FlowResult r = h.await();

      assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
      int expectedThreads = switch (threads) {
        case Integer.MAX_VALUE -> 5;
        case 2 -> 2; // numbers, triple, split | inc, collect: at most 3 stages to a thread
        default -> 1;
      };
      assertThat(threadsLine(h)).as("threads(%d)", threads)
          .contains("5 stages on " + expectedThreads + (expectedThreads == 1 ? " thread," : " threads,"));
      long sevens = EVENTS / 7;
      long fives = EVENTS / 5 - EVENTS / 35;
      assertThat(r.stage("split").errors()).isEqualTo(sevens);
      assertThat(r.stage("collect").received()).isEqualTo(EVENTS - sevens + fives);
      assertThat(got).hasSize((int) (EVENTS - sevens + fives));
      assertThat(got.get(0)).isEqualTo(4L);
      DeadLetter first = (DeadLetter) h.journals().errors("split").readAll().get(0).payload();
      assertThat(first.kind()).isEqualTo(ErrorKind.VALIDATION);
      assertThat(first.message()).isEqualTo("multiple of 7: 21");
      for (StageResult s : r.stages()) {
        assertThat(s.name()).isIn((Object[]) STAGES);
      }
      List<String> records = journals(h.journals());
      if (reference == null) {
        reference = records;
        referenceOut = new ArrayList<>(got);
      } else {
        assertThat(records).as("journals with threads(%d)", threads).isEqualTo(reference);
        assertThat(got).as("sink input with threads(%d)", threads).isEqualTo(referenceOut);
      }
    }
  }

  @Test
  void byDefault_memoryRunsShareThreads_andDiskRunsThatSyncEachBatchKeepAThreadPerStage() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int perThread = (STAGES.length + cores - 1) / cores;
    FlowHandle memory = pipeline(new ArrayList<>()).builder().start();
    memory.await();
    FlowHandle batch = pipeline(new ArrayList<>()).builder().journals(Journals.disk(dir.resolve("batch"))).start();
    batch.await();
    FlowHandle none = pipeline(new ArrayList<>()).builder()
        .journals(Journals.disk(dir.resolve("none")).durability(dev.weir.flow.Durability.none())).start();
    none.await();

    assertThat(threadsLine(batch)).contains("5 stages on 5 threads");
    if (perThread > 1) { // with a processor per stage or more, every run has a thread per stage
      int shared = (STAGES.length + perThread - 1) / perThread;
      String expected = "5 stages on " + shared + (shared == 1 ? " thread," : " threads,");
      assertThat(threadsLine(memory)).contains(expected);
      assertThat(threadsLine(none)).contains(expected);
    }
  }

  @Test
  void aFusedStage_readsOnlyWhatItsUpstreamsJournalHolds() throws Exception {
    for (Journals journals : List.of(Journals.memory(), Journals.disk(dir))) {
      AtomicReference<FlowHandle> handle = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      AtomicLong seen = new AtomicLong();
      AtomicReference<String> early = new AtomicReference<>();
      Transform<Long, Long> check = (x, out) -> {
        started.await();
        long n = seen.incrementAndGet(); // its n-th input is seq n of "numbers"
        long held = handle.get().journals().data("numbers").lastSeq();
        if (held < n && early.get() == null) {
          early.set("input " + n + " read while the journal of 'numbers' held up to seq " + held);
        }
        out.emit(x);
      };
      FlowHandle h = flow("firstjournal")
          .bufferSize(32)
          .stage(source("numbers", Sources.range(EVENTS, i -> i)))
          .stage(transform("check", check))
          .stage(sink("out", x -> {}))
          .chain("numbers", "check", "out")
          .build().builder().threads(1).journals(journals).start();
      handle.set(h);
      started.countDown();
      FlowResult r = h.await();

      assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
      assertThat(threadsLine(h)).contains("3 stages on 1 thread,");
      assertThat(early.get()).as(journals.toString()).isNull();
      assertThat(seen.get()).isEqualTo(EVENTS);
    }
  }

  @Test
  void anErrorInAFusedStage_failsTheFlowNamingThatStage_andTheRunEnds() throws Exception {
    FlowHandle h = flow("fusedbreaks")
        .stage(source("numbers", Sources.range(EVENTS, i -> i)))
        .stage(transform("fine", Transforms.map((Long x) -> x)))
        .stage(transform("breaks", (Long x, dev.weir.api.Emitter<Long> out) -> {
          if (x == 5_000) {
            throw new AssertionError("broken at " + x);
          }
          out.emit(x);
        }))
        .stage(sink("out", x -> {}))
        .chain("numbers", "fine", "breaks", "out")
        .build().builder().threads(1).start();
    FlowResult r = h.await();

    assertThat(threadsLine(h)).contains("4 stages on 1 thread,");
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("stage 'breaks'").contains("input seq 5001").contains("broken at 5000");
    assertThat(h.journals().errors("breaks").readAll()).hasSize(1); // the input is in its error journal
    assertThat(r.lingeringStages()).isEmpty();
    assertThat(h.status().stage("breaks").orElseThrow().state()).isEqualTo(dev.weir.flow.StageState.FAILED);
    assertThat(h.status().stage("fine").orElseThrow().state().toString()).isIn("STOPPED", "COMPLETED");
  }

  @Test
  void cancellingARunWithASlowFusedSink_endsItAtOnce_andAbortsTheSink() throws Exception {
    CountDownLatch received = new CountDownLatch(100);
    java.util.concurrent.atomic.AtomicBoolean aborted = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();
    dev.weir.api.Sink<Long> slow = new dev.weir.api.Sink<>() {
      @Override
      public void consume(Long x) throws Exception {
        received.countDown();
        Thread.sleep(1); // a slow sink: every ring up to the source is full
      }

      @Override
      public void complete() {
        completed.set(true);
      }

      @Override
      public void abort() {
        aborted.set(true);
      }
    };
    FlowHandle h = flow("fusedslow")
        .bufferSize(8)
        .stage(source("numbers", Sources.infinite(i -> i)))
        .stage(transform("a", Transforms.map((Long x) -> x)))
        .stage(transform("b", Transforms.map((Long x) -> x)))
        .stage(sink("slow", slow))
        .chain("numbers", "a", "b", "slow")
        .build().builder().threads(1).start();
    received.await();
    h.stop(StopMode.CANCEL);
    FlowResult r = h.await();

    assertThat(threadsLine(h)).contains("4 stages on 1 thread,");
    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(r.lingeringStages()).isEmpty();
    assertThat(aborted).as("the sink was aborted").isTrue();
    assertThat(completed).as("the sink was not completed").isFalse();
    assertThat(r.stage("slow").received()).isLessThanOrEqualTo(r.stage("b").emitted());
    assertThat(r.stage("b").received()).isLessThanOrEqualTo(r.stage("a").emitted());
  }

  @Test
  void aGracefulStop_deliversEverythingThroughAFusedSink_andCompletesIt() throws Exception {
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch received = new CountDownLatch(1_000);
    FlowHandle h = flow("fusedgraceful")
        .bufferSize(8)
        .stage(source("numbers", Sources.infinite(i -> i)))
        .stage(transform("a", Transforms.map((Long x) -> x * 2)))
        .stage(sink("out", x -> {
          got.add(x);
          received.countDown();
        }))
        .chain("numbers", "a", "out")
        .build().builder().threads(1).start();
    received.await();
    h.stop(StopMode.GRACEFUL);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    long n = r.stage("numbers").emitted();
    assertThat(r.stage("out").received()).isEqualTo(n);
    assertThat(got).hasSize((int) n);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).isEqualTo(2L * i);
    }
  }

  @Test
  void aNegativeThreadCount_isRefused() {
    assertThatThrownBy(() -> pipeline(new ArrayList<>()).builder().threads(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("flow 'fused': threads(-1): give 0 (the number of processors) or more");
  }
}

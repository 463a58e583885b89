package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.event.SystemEvent;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StopMode;
import dev.weir.flow.JournalRecord;
import dev.weir.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(what, condition);
  }

  private static Set<String> liveStageThreads(String flowName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("weir-" + flowName + "-") && t.isAlive())
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  @Test
  void gracefulStop_ofInfiniteSource_deliversEverythingEmitted() throws Exception {
    AtomicLong consumed = new AtomicLong();
    FlowDefinition def = flow("infinite")
        .bufferSize(256)
        .stage(source("ticks", Sources.infinite(i -> i)))
        .stage(transform("pass", Transforms.map((Long x) -> x)))
        .stage(sink("count", x -> consumed.incrementAndGet()))
        .chain("ticks", "pass", "count")
        .build();
    FlowHandle h = def.builder().journals(dev.weir.flow.Journals.memory().keepAll()).start(); // every receipt read below
    await(() -> consumed.get() > 50_000, "50k events consumed");

    h.stop(StopMode.GRACEFUL);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    long emitted = r.stage("ticks").emitted();
    assertThat(emitted).isGreaterThan(50_000);
    assertThat(consumed.get()).isEqualTo(emitted);
    assertThat(r.stage("count").received()).isEqualTo(emitted);
    assertThat(h.journals().data("count").readAll(dev.weir.flow.RecordKind.RECEIPT)).hasSize((int) emitted);
    assertThat(liveStageThreads("infinite")).isEmpty();
  }

  @Test
  void slowSink_keepsInFlightBoundedByTheRings() throws Exception {
    int buffer = 64;
    AtomicLong consumed = new AtomicLong();
    FlowDefinition def = flow("slow")
        .bufferSize(buffer)
        .stage(source("fast", Sources.infinite(i -> i)))
        .stage(transform("pass", Transforms.map((Long x) -> x)))
        .stage(sink("slow", x -> {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000);
          consumed.incrementAndGet();
        }))
        .chain("fast", "pass", "slow")
        .build();
    FlowHandle h = def.builder().start();
    long maxInFlight = 0;
    for (int sample = 0; sample < 200; sample++) {
      long receipts = h.journals().data("slow").lastSeq();
      long written = h.journals().data("fast").lastSeq();
      maxInFlight = Math.max(maxInFlight, written - receipts);
      await(() -> consumed.get() > 0, "first event");
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    h.stop(StopMode.GRACEFUL);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    // two rings of 64, one source call's batch (512) and one poll in hand: the source runs no further ahead
    assertThat(maxInFlight).isLessThanOrEqualTo(2L * buffer + 512 + StageRunner.POLL_BUDGET);
    assertThat(consumed.get()).isEqualTo(r.stage("fast").emitted());
  }

  @Test
  void cancel_haltsNow_journalsWhy_andLeavesNoThread() throws Exception {
    FlowDefinition def = flow("cancelme")
        .stage(source("ticks", Sources.infinite(i -> i)))
        .stage(sink("none", x -> {}))
        .chain("ticks", "none")
        .build();
    FlowHandle h = def.builder().start();
    await(() -> h.journals().data("none").lastSeq() > 1000, "some receipts");

    h.stop(StopMode.CANCEL);
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("flow 'cancelme' cancelled on request");
    assertThat(systemLines(h)).contains("STOP_REQUESTED flow: CANCEL on request", "FLOW_STATE flow: CANCELLED: flow 'cancelme' cancelled on request");
    assertThat(liveStageThreads("cancelme")).isEmpty();
  }

  @Test
  void gracefulStopPastItsDeadline_escalatesToCancel() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    FlowDefinition def = flow("stuck")
        .stage(source("ticks", Sources.infinite(i -> i)))
        .stage(sink("stuck", x -> never.await()))
        .chain("ticks", "stuck")
        .build();
    FlowHandle h = def.builder().stopDeadline(Duration.ofMillis(300)).start();
    // the sink holds its first event forever: once a ring's worth is written, the source is stuck too
    await(() -> h.journals().data("ticks").lastSeq() >= FlowDefinition.DEFAULT_BUFFER_SIZE, "a full ring");

    h.stop(StopMode.GRACEFUL);
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("graceful stop of flow 'stuck' (on request) did not finish within 300ms: escalated to cancel; stages still running: [ticks, stuck]"); // ticks waits on a full ring
    assertThat(liveStageThreads("stuck")).isEmpty();
  }

  @Test
  void manualStart_sourcesWaitForStart() throws Exception {
    List<Long> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    FlowDefinition def = flow("manual")
        .stage(source("numbers", Sources.range(10, i -> i)))
        .stage(sink("collect", got::add))
        .chain("numbers", "collect")
        .build();
    FlowHandle h = def.builder().manualStart().start();
    // The supervisor journals each STAGE_RUNNING and, while handling the last one, would decide to
    // release the sources (FLOW_STATE RUNNING, state RUNNING) before that line is flushed: once every
    // stage's STAGE_RUNNING is readable, a flow that starts without start() already shows it started.
    await(() -> systemLines(h).stream().filter(l -> l.startsWith("STAGE_RUNNING")).count() == 2, "both stages running");

    assertNotStarted(h, got);
    Thread.sleep(100);
    assertNotStarted(h, got);

    h.start();
    FlowResult r = h.await(Duration.ofSeconds(30))
        .orElseThrow(() -> new AssertionError("a started flow of 10 events did not complete within 30 s: " + h));
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(systemLines(h)).contains("START_REQUESTED flow: start", "FLOW_STATE flow: RUNNING: started on request");
  }

  /** Every stage runs, the flow is MATERIALIZED and waits for start(): the source has emitted nothing. */
  private static void assertNotStarted(FlowHandle h, List<Long> got) {
    assertThat(h.state()).isEqualTo(FlowState.MATERIALIZED);
    assertThat(systemLines(h)).noneMatch(l -> l.startsWith("FLOW_STATE flow: RUNNING"));
    assertThat(h.journals().data("numbers").lastSeq()).isZero();
    assertThat(h.journals().data("collect").lastSeq()).isZero();
    assertThat(got).isEmpty();
  }

  @Test
  void stageFactoryThatThrows_failsTheFlowAtStartup() throws Exception {
    FlowDefinition def = flow("badfactory")
        .stage(source("numbers", Sources.range(10, i -> i)))
        .stage(StageDefinition.sink("explodes", Flows.LONG, f -> {
          throw new IllegalStateException("no database");
        }).withMethod("explodes"))
        .chain("numbers", "explodes")
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo(
        "flow 'badfactory': stage 'explodes': its method explodes() threw java.lang.IllegalStateException: no database");
    assertThat(r.failure().orElseThrow().getCause()).hasMessage("no database");
    assertThat(systemLines(h)).contains("FLOW_STATE flow: FAILED: " + r.failure().orElseThrow().getMessage());
  }

  @Test
  void handlerOfTheWrongKind_failsToStart() throws Exception {
    FlowDefinition def = flow("wrongkind")
        .stage(source("numbers", Sources.range(10, i -> i)))
        .stage(StageDefinition.sink("out", ElementType.of(Long.class), f -> (Transform<Long, Long>) (x, o) -> {}))
        .chain("numbers", "out")
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).startsWith("flow 'wrongkind': stage 'out' is declared SINK but its method out() returned a ");
  }

  @Test
  void drainFailure_failsTheFlowWithTheCause() throws Exception {
    Transform<Long, Long> badDrain = new Transform<>() {
      @Override
      public void process(Long in, Emitter<Long> out) {
        out.emit(in);
      }

      @Override
      public void drain(Emitter<Long> out) {
        throw new IllegalStateException("cannot flush totals");
      }
    };
    FlowResult r = flow("baddrain")
        .stage(source("numbers", Sources.range(10, i -> i)))
        .stage(transform("t", badDrain))
        .stage(sink("out", x -> {}))
        .chain("numbers", "t", "out")
        .build().builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("drain of stage 't' failed: java.lang.IllegalStateException: cannot flush totals");
    assertThat(r.failure().orElseThrow().stage()).contains("t");
    assertThat(liveStageThreads("baddrain")).isEmpty();
  }

  @Test
  void sourceFailure_failsTheFlow_andStopsEveryStage() throws Exception {
    Source<Long> flaky = out -> {
      throw new java.io.IOException("disk gone");
    };
    FlowResult r = flow("badsource")
        .stage(source("flaky", flaky))
        .stage(sink("out", x -> {}))
        .chain("flaky", "out")
        .build().builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("source 'flaky' failed: java.io.IOException: disk gone");
    assertThat(liveStageThreads("badsource")).isEmpty();
  }

  @Test
  void idleFlow_parksEveryStageThread_oneThreadPerStage() throws Exception {
    idleFlowParks(12, 12);
  }

  @Test
  void idleFlow_parksEveryStageThread_stagesSharingThreads() throws Exception {
    idleFlowParks(2, 2); // 12 stages in a line, six to a thread: the source and five maps, five maps and the sink
  }

  /** A source blocked waiting for input and 11 stages after it, on {@code threads}: every thread of the run parks. */
  private static void idleFlowParks(int threads, int expectedThreads) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Source<Long> quiet = out -> {
      release.await(); // blocks like a source waiting for input
      return false;
    };
    String name = "idle" + threads;
    FlowDefinition.Draft b = flow(name).stage(source("quiet", quiet));
    String prev = "quiet";
    for (int i = 0; i < 10; i++) {
      b.stage(transform("map" + i, Transforms.map((Long x) -> x)));
      b.chain(prev, "map" + i);
      prev = "map" + i;
    }
    Sink<Long> none = x -> {};
    FlowHandle h = b.stage(sink("end", none)).chain(prev, "end").build().builder().threads(threads).start();

    java.util.function.Supplier<List<Thread>> stageThreads = () -> Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("weir-" + name + "-") && !t.getName().endsWith("-supervisor")).toList();
    await(() -> stageThreads.get().size() == expectedThreads && stageThreads.get().stream()
        .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING),
        "all " + expectedThreads + " stage threads parked");

    release.countDown();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
  }

  private static List<String> systemLines(FlowHandle h) {
    List<String> out = new ArrayList<>();
    for (JournalRecord rec : h.journals().system().readAll()) {
      out.add(((SystemEvent) rec.payload()).toString());
    }
    return out;
  }
}

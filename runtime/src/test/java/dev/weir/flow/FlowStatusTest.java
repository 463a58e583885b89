package dev.weir.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.testing.Await;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link FlowHandle#status()}: states, counts and lag while a flow runs, and the final figures after. */
class FlowStatusTest {

  private static final ElementType LONG = ElementType.of(Long.class);

  private static FlowDefinition flow(CountDownLatch release, AtomicLong sunk) {
    Transform<Long, Long> validate = (n, out) -> {
      if (n % 10 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "a multiple of ten: " + n);
      }
      out.emit(n);
    };
    Sink<Long> slow = n -> {
      release.await(); // holds the sink until the test has looked at the running flow
      sunk.incrementAndGet();
    };
    return FlowDefinition.define("status")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(5_000, n -> n + 1)))
        .stage(StageDefinition.transform("validate", StageKind.TRANSFORM, LONG, LONG, f -> validate))
        .stage(StageDefinition.sink("out", LONG, f -> slow))
        .chain("numbers", "validate", "out")
        .build();
  }

  @Test
  void aRunningFlow_showsItsStagesCountsAndTheBacklogOfAHeldSink() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong sunk = new AtomicLong();
    try (FlowHandle h = flow(release, sunk).builder().start()) {
      // the sink holds its first event: the transform fills the ring, its journal runs ahead of the sink
      Await.until("validate emitted events the held sink has not read", () -> h.status().edges().get(1).lag() > 0);
      FlowStatus running = h.status();

      assertThat(running.flow()).isEqualTo("status");
      assertThat(running.runId()).isEqualTo(h.runId());
      assertThat(running.state()).isEqualTo(FlowState.RUNNING);
      assertThat(running.stages()).extracting(StageStatus::name).containsExactly("numbers", "validate", "out");
      assertThat(running.stage("out").orElseThrow().state()).isEqualTo(StageState.RUNNING);
      assertThat(running.stage("out").orElseThrow().emitted()).isZero();
      StageStatus validate = running.stage("validate").orElseThrow();
      assertThat(validate.kind()).isEqualTo(StageKind.TRANSFORM);
      assertThat(validate.received()).isEqualTo(validate.emitted() + validate.errors());
      assertThat(running.edges()).extracting(EdgeStatus::from, EdgeStatus::to)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("numbers", "validate"),
              org.assertj.core.groups.Tuple.tuple("validate", "out"));
      EdgeStatus held = running.edges().get(1);
      assertThat(held.kind()).isEqualTo(EdgeKind.FORWARD);
      assertThat(held.lag()).isLessThanOrEqualTo(validate.emitted());
      assertThat(held.contract()).isEqualTo(ContractState.PENDING);
      assertThat(running.stage("validate").orElseThrow().ringOccupancy()).isPositive();

      release.countDown();
      FlowResult result = h.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
      FlowStatus done = h.status();

      assertThat(result.state()).isEqualTo(FlowState.COMPLETED);
      assertThat(done.state()).isEqualTo(FlowState.COMPLETED);
      assertThat(done.elapsedMillis()).isEqualTo(result.elapsed().toMillis());
      assertThat(done.stages()).extracting(StageStatus::state).containsOnly(StageState.COMPLETED);
      for (StageResult r : result.stages()) {
        StageStatus s = done.stage(r.name()).orElseThrow();
        assertThat(s.received()).as(r.name()).isEqualTo(r.received());
        assertThat(s.emitted()).as(r.name()).isEqualTo(r.emitted());
        assertThat(s.errors()).as(r.name()).isEqualTo(r.errors());
      }
      assertThat(done.stage("validate").orElseThrow().errors()).isEqualTo(500);
      assertThat(done.stage("validate").orElseThrow().errorsByKind()).isEqualTo(Map.of(ErrorKind.VALIDATION, 500L));
      assertThat(done.stage("out").orElseThrow().emitted()).isEqualTo(4_500).isEqualTo(sunk.get());
      assertThat(done.edges()).extracting(EdgeStatus::lag).containsOnly(0L);
      assertThat(done.edges()).extracting(EdgeStatus::contract).containsOnly(ContractState.PASSED);
      assertThat(done.edges()).extracting(EdgeStatus::contractChecks, EdgeStatus::contractFailures)
          .containsOnly(org.assertj.core.groups.Tuple.tuple(1L, 0L));
      assertThat(done.stage("validate").orElseThrow().blockedNanos()).as("validate waited on the held sink's full ring")
          .isPositive();
      assertThat(done.stage("out").orElseThrow().ringOccupancy()).isZero();
    }
  }

  @Test
  void aCancelledFlow_showsItsUnfinishedStagesAsStopped() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    FlowHandle h = flow(never, new AtomicLong()).builder().start();
    Await.until("the sink holds an event", () -> h.status().edges().get(1).lag() > 0);
    h.stop(StopMode.CANCEL);
    h.await();

    FlowStatus s = h.status();
    assertThat(s.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(s.stage("out").orElseThrow().state()).isEqualTo(StageState.STOPPED);
  }

  @Test
  void beforeTheStartOfAManualFlow_itsSourcesWait() throws Exception {
    FlowHandle h = flow(new CountDownLatch(0), new AtomicLong()).builder().manualStart().start();
    try {
      Await.until("the flow is ready and waits for its start", () -> h.state() == FlowState.MATERIALIZED);
      FlowStatus waiting = h.status();
      assertThat(waiting.stage("numbers").orElseThrow().emitted()).isZero();
      h.start();
      FlowResult r = h.await();
      assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
      assertThat(h.status().stage("numbers").orElseThrow().emitted()).isEqualTo(5_000);
    } finally {
      h.close();
    }
  }
}

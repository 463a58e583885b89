package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.event.SystemEvent;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Faults injected below the API, on the rings and journals; each contract must catch its kind. */
class ContractFaultTest {

  private static FlowDefinition threeStages() {
    return flow("faulty")
        .bufferSize(64)
        .stage(source("numbers", Sources.range(1000, i -> i)))
        .stage(transform("inc", Transforms.map((Long x) -> x + 1)))
        .stage(sink("sink", x -> {}))
        .chain("numbers", "inc", "sink")
        .build();
  }

  private static FlowHandle run(FaultInjector faults) {
    return Engine.start(threeStages(), new EngineOptions(Journals.memory(), false, Duration.ofSeconds(10), faults));
  }

  private static String contractFailure(FlowHandle h) {
    return h.journals().system().readAll().stream()
        .map(rec -> (SystemEvent) rec.payload())
        .filter(e -> e.type() == SystemEvent.Type.CONTRACT_FAILED)
        .map(SystemEvent::toString)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no CONTRACT_FAILED in the system journal"));
  }

  @Test
  void lostEvent_failsTransportOnTheEdge_withTheGap() throws Exception {
    FlowHandle h = run(new FaultInjector() {
      @Override
      public boolean drop(String stage, long seq) {
        return stage.equals("inc") && seq == 500;
      }
    });
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("transport inc -> sink contract failed: gap: expected seq 500, got seq 501 (seqs 500..500 missing or reordered)");
    assertThat(r.failure().orElseThrow().stage()).contains("sink");
    assertThat(contractFailure(h)).startsWith("CONTRACT_FAILED transport inc -> sink: gap");
    // the journal still holds what the writer wrote: the evidence is there
    assertThat(h.journals().data("inc").readAll().get(499).payload()).isEqualTo(500L);
  }

  @Test
  void lastEventLost_isCaughtByEndOfStreamCount() throws Exception {
    FlowHandle h = run(new FaultInjector() {
      @Override
      public boolean drop(String stage, long seq) {
        return stage.equals("numbers") && seq == 1000;
      }
    });
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo(
        "transport numbers -> inc contract failed: writer's end of stream says last seq 1000, reader received 1..999 (1 lost)");
  }

  @Test
  void duplicatedEvent_failsTransport() throws Exception {
    FlowHandle h = run(new FaultInjector() {
      @Override
      public boolean duplicate(String stage, long seq) {
        return stage.equals("numbers") && seq == 10;
      }
    });
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).isEqualTo("transport numbers -> inc contract failed: "
        + "duplicate or out-of-order event: expected seq 11, got seq 10 again (seqs 1..10 already received)");
  }

  @Test
  void reorderedEvents_failTransport() throws Exception {
    FlowHandle h = run(new FaultInjector() {
      @Override
      public boolean swapWithNext(String stage, long seq) {
        return stage.equals("inc") && seq == 7;
      }
    });
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .startsWith("transport inc -> sink contract failed: gap: expected seq 7, got seq 8");
  }

  @Test
  void changedPayload_failsTransportChecksum() throws Exception {
    FlowHandle h = run(new FaultInjector() {
      @Override
      public boolean corrupt(String stage, long seq) {
        return stage.equals("numbers") && seq == 321;
      }
    });
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .startsWith("transport numbers -> inc contract failed: checksum mismatch over seqs 1..1000");
  }

  @Test
  void lostReceipt_failsDelivery() throws Exception {
    FlowHandle h = run(new FaultInjector() {
      @Override
      public boolean loseReceipt(String stage, long consumed) {
        return consumed == 42;
      }
    });
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("delivery sink contract failed: consumed 1000 events but journaled 999 receipts");
  }

  @Test
  void lostSourceWrite_failsSourceContract() throws Exception {
    FlowHandle h = run(new FaultInjector() {
      @Override
      public boolean loseWrite(String stage, long seq) {
        return stage.equals("numbers") && seq == 1000;
      }
    });
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("source numbers contract failed: declared 1000 events, journal holds 999");
  }

  @Test
  void sourceThatBreaksItsDeclaredCount_failsSourceContract() throws Exception {
    dev.weir.api.Source<Long> liar = new dev.weir.api.Source<>() {
      long i;

      @Override
      public boolean next(dev.weir.api.Emitter<Long> out) {
        out.emit(i++);
        return i < 5;
      }

      @Override
      public java.util.OptionalLong expectedCount() {
        return java.util.OptionalLong.of(6);
      }
    };
    FlowResult r = flow("liar").stage(source("liar", liar)).stage(sink("sink", x -> {})).chain("liar", "sink")
        .build().builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("source liar contract failed: declared 6 events, journal holds 5");
  }
}

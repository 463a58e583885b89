package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.EndOfStream;
import dev.weir.flow.EventRef;
import dev.weir.flow.RecordKind;
import dev.weir.event.SystemEvent;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearFlowTest {

  @Test
  void threeStages_deliverEveryEventInOrder_withJournalsAndContracts() throws Exception {
    List<Long> got = new ArrayList<>();
    FlowDefinition def = flow("linear")
        .bufferSize(64)
        .stage(source("numbers", Sources.range(1000, i -> i)))
        .stage(transform("double", Transforms.map((Long x) -> x * 2)))
        .stage(sink("collect", got::add))
        .chain("numbers", "double", "collect")
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(got.get(i)).isEqualTo(2L * i);
    }
    assertThat(r.stage("numbers").emitted()).isEqualTo(1000);
    assertThat(r.stage("double").received()).isEqualTo(1000);
    assertThat(r.stage("double").emitted()).isEqualTo(1000);
    assertThat(r.stage("collect").received()).isEqualTo(1000);
    assertThat(r.stage("collect").emitted()).isEqualTo(1000);

    List<JournalRecord> doubled = h.journals().data("double").readAll();
    assertThat(doubled).hasSize(1001);
    JournalRecord first = doubled.get(0);
    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.kind()).isEqualTo(RecordKind.DATA);
    assertThat(first.parent()).isEqualTo(new EventRef("numbers", 1));
    assertThat(first.payload()).isEqualTo(0L);
    JournalRecord eos = doubled.get(1000);
    assertThat(eos.kind()).isEqualTo(RecordKind.END_OF_STREAM);
    assertThat(((EndOfStream) eos.payload()).lastSeq()).isEqualTo(1000);
    // the correlation id of a derived event is that of the source event it descends from
    List<JournalRecord> sourced = h.journals().data("numbers").readAll();
    assertThat(doubled.get(500).correlationId()).isEqualTo(sourced.get(500).correlationId());
    assertThat(sourced.get(500).parent()).isEqualTo(EventRef.NONE);

    List<JournalRecord> receipts = h.journals().data("collect").readAll(RecordKind.RECEIPT);
    assertThat(receipts).hasSize(1000).allMatch(rec -> rec.kind() == RecordKind.RECEIPT);
    assertThat(receipts.get(999).parent()).isEqualTo(new EventRef("double", 1000));

    List<String> system = h.journals().system().readAll().stream().map(rec -> rec.payload().toString()).toList();
    assertThat(system).contains(
        "FLOW_STATE flow: MATERIALIZING: materializing 3 stages, 2 edges",
        "CONTRACT_PASSED transport numbers -> double: received seqs 1..1000 in order, checksum "
            + system.stream().filter(s -> s.startsWith("CONTRACT_PASSED transport numbers")).findFirst().orElseThrow()
                .replaceAll(".*checksum ", ""),
        "CONTRACT_PASSED delivery collect: 1000 receipts for 1000 consumed events (0 dead-lettered)",
        "CONTRACT_PASSED source numbers: wrote the 1000 events it declared");
    List<String> states = h.journals().system().readAll().stream()
        .map(rec -> (SystemEvent) rec.payload())
        .filter(e -> e.type() == SystemEvent.Type.FLOW_STATE)
        .map(e -> e.detail().replaceAll(":.*", ""))
        .toList();
    assertThat(states).containsExactly("MATERIALIZING", "MATERIALIZED", "RUNNING", "DRAINING", "COMPLETED");
  }
}

package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.DeadLetter;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs a connector in a real two-stage flow ({@code source |> sink}) on memory journals. */
final class ConnectorFlows {

  /** What a run ended with: its result and each stage's dead letters. */
  record Outcome(FlowResult result, List<DeadLetter> sourceErrors, List<DeadLetter> sinkErrors) {
    List<String> sourceReasons() {
      return sourceErrors.stream().map(DeadLetter::message).toList();
    }
  }

  private ConnectorFlows() {}

  static <T> FlowDefinition definition(Class<T> type, Source<T> source, Sink<T> sink) {
    return FlowDefinition.define("connector_test")
        .stage(StageDefinition.source("source", ElementType.of(type), f -> source))
        .stage(StageDefinition.sink("sink", ElementType.of(type), f -> sink))
        .chain("source", "sink")
        .build();
  }

  static <T> Outcome run(Class<T> type, Source<T> source, Sink<T> sink) throws InterruptedException {
    FlowHandle h = definition(type, source, sink).builder().journals(Journals.memory()).start();
    return await(h);
  }

  static Outcome await(FlowHandle h) throws InterruptedException {
    Optional<FlowResult> r = h.await(Duration.ofSeconds(60)); // a hang guard, not a timing assertion
    assertThat(r).as("the run ends").isPresent();
    return new Outcome(r.get(), h.journals().errors("source").deadLetters(), h.journals().errors("sink").deadLetters());
  }
}

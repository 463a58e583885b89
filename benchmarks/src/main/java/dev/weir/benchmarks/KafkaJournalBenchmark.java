package dev.weir.benchmarks;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.kafka.KafkaJournals;

/**
 * The disk workload's map chain on Kafka journals ({@link KafkaJournals}) against a single-node
 * broker in this JVM: every stage's data, error and order journals are topics, every batch waits
 * for the broker's acknowledgement before the next stage sees it.
 */
final class KafkaJournalBenchmark {

  private static final ElementType LONG = ElementType.of(Long.class);

  private KafkaJournalBenchmark() {}

  private static FlowDefinition chain(int depth, long events) {
    FlowDefinition.Draft b = FlowDefinition.define("kafka-journaled")
        .stage(StageDefinition.source("src", LONG, f -> Sources.range(events, i -> i)));
    String prev = "src";
    for (int d = 1; d <= depth; d++) {
      b.stage(StageDefinition.transform("map" + d, StageKind.TRANSFORM, LONG, LONG,
          f -> Transforms.map((Long x) -> x + 1)));
      b.chain(prev, "map" + d);
      prev = "map" + d;
    }
    return b.stage(StageDefinition.sink("sink", LONG, f -> (Sink<Long>) x -> {})).chain(prev, "sink").build();
  }

  /** Events per second through a depth-{@code depth} chain on Kafka journals at {@code bootstrap}. */
  static double weir(String bootstrap, int depth, long events, int threads) throws Exception {
    long t0 = System.nanoTime();
    FlowResult r = chain(depth, events).builder().threads(threads)
        .journals(KafkaJournals.options().bootstrap(bootstrap).replicationFactor(1)).start().await();
    long t1 = System.nanoTime();
    if (r.state() != FlowState.COMPLETED || r.stage("sink").received() != events) {
      throw new IllegalStateException("weir run on Kafka journals failed: " + r);
    }
    return events / ((t1 - t0) / 1e9);
  }
}

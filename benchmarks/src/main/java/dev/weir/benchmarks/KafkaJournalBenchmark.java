package dev.weir.benchmarks;

import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.kafka.KafkaJournals;

/**
 * The disk workload's map chain on Kafka journals ({@link KafkaJournals}) against a single-node
 * broker in this JVM: every stage's data, error and order journals are topics, every batch waits
 * for the broker's acknowledgement before the next stage sees it.
 */
final class KafkaJournalBenchmark {

  private KafkaJournalBenchmark() {}

  /** Events per second through a depth-{@code depth} chain on Kafka journals at {@code bootstrap}. */
  static double weir(String bootstrap, int depth, long events, int threads) throws Exception {
    long t0 = System.nanoTime();
    FlowResult r = JournalBenchmark.chain(depth, events).builder().threads(threads)
        .journals(KafkaJournals.options().bootstrap(bootstrap).replicationFactor(1)).start().await();
    long t1 = System.nanoTime();
    if (r.state() != FlowState.COMPLETED || r.stage("sink").received() != events) {
      throw new IllegalStateException("weir run on Kafka journals failed: " + r);
    }
    return events / ((t1 - t0) / 1e9);
  }
}

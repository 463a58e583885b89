package dev.weir.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until the partitions of topics just created take writes. Until then a broker before Kafka
 * 4.5 answers a produce with the retriable NOT_LEADER_OR_FOLLOWER and may take a later batch of an
 * idempotent producer as the partition's first, refusing the retried earlier one
 * (OUT_OF_ORDER_SEQUENCE_NUMBER) until {@code delivery.timeout.ms} drops it: records lost although
 * idempotence is on (KAFKA-15591; a test here lost 3,114 to 4,403 of 20,000). A partition's end
 * offset is answered by its leader only, so once every partition answers, a first produce cannot
 * meet a half-created one. The admin client reports a topic the broker does not know yet at once,
 * as a retriable error: retried until the timeout.
 */
final class TopicReadiness {

  private TopicReadiness() {}

  /** Returns once every partition of {@code partitions} answers for its end offset, or throws. */
  static void await(Admin admin, Collection<TopicPartition> partitions, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartition p : partitions) {
      latest.put(p, OffsetSpec.latest());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(20); // a broker applies a new topic's metadata within milliseconds
      }
    }
  }
}

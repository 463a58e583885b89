package dev.weir.kafka;

import dev.weir.journal.JournalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads records back from a run's topics for its journals' readers (a replay's verification, the
 * operations page, tests): one consumer for the whole run, assigned to the partition a read asks
 * for, opened at the first read. Once the run's journals are closed, each read opens a consumer of
 * its own and closes it before it returns, so a finished run stays readable. Reads are serialized;
 * they are not on the flow's hot path.
 */
final class TopicReader implements AutoCloseable {

  private final Map<String, Object> config;
  private final Duration timeout;
  private KafkaConsumer<byte[], byte[]> consumer;
  private boolean closed;

  TopicReader(Map<String, Object> config, Duration timeout) {
    this.config = Map.copyOf(config);
    this.timeout = timeout;
  }

  /**
   * The values of the {@code n} records from {@code fromOffset} of partition 0 of {@code topic}, which
   * must all be there (the journal acknowledged them).
   *
   * @throws JournalException when they cannot be read in time, or an offset is missing
   */
  synchronized List<byte[]> read(String topic, long fromOffset, int n) {
    if (closed) {
      try (KafkaConsumer<byte[], byte[]> once = new KafkaConsumer<>(config)) {
        return read(once, topic, fromOffset, n);
      }
    }
    if (consumer == null) {
      consumer = new KafkaConsumer<>(config);
    }
    return read(consumer, topic, fromOffset, n);
  }

  private List<byte[]> read(KafkaConsumer<byte[], byte[]> consumer, String topic, long fromOffset, int n) {
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seek(partition, fromOffset);
    List<byte[]> out = new ArrayList<>(n);
    long expected = fromOffset;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (out.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new JournalException(JournalException.Problem.READ_FAILED, "topic " + topic + ": read " + out.size()
            + " of the " + n + " records from offset " + fromOffset + " within " + timeout.toMillis() + " ms");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100)).records(partition)) {
        if (out.size() == n) {
          break;
        }
        if (r.offset() != expected) {
          throw new JournalException(JournalException.Problem.CORRUPT, "topic " + topic + ": offset " + r.offset()
              + " follows offset " + (expected - 1) + " (records " + expected + ".." + (r.offset() - 1) + " are missing)");
        }
        out.add(r.value());
        expected++;
      }
    }
    return out;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(5));
      consumer = null;
    }
  }
}

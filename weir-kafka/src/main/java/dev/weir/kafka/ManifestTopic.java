package dev.weir.kafka;

import dev.weir.journal.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A run's manifest on Kafka: the topic {@code <prefix>.<flow>.<run id>.manifest}, one partition,
 * compacted, one record per update (the run started, resumed, ended), each the manifest as JSON under
 * the key {@code manifest}; the last record is the run's manifest.
 */
final class ManifestTopic {

  /** The journal id part of the manifest topic's name. */
  static final String ID = "manifest";

  private static final byte[] KEY = ID.getBytes(StandardCharsets.UTF_8);

  private ManifestTopic() {}

  /** Writes {@code manifest} as the run's manifest and waits until the broker holds it. */
  static void write(Producer<byte[], byte[]> producer, String topic, Manifest manifest, Duration timeout)
      throws IOException {
    try {
      producer.send(new ProducerRecord<>(topic, 0, KEY, manifest.toJson())).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("cannot write the manifest of run " + manifest.runId() + " to topic " + topic + ": "
          + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("cannot write the manifest of run " + manifest.runId() + " to topic " + topic
          + ": not acknowledged within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the manifest of run " + manifest.runId() + " to " + topic, e);
    } catch (RuntimeException e) {
      throw new IOException("cannot write the manifest of run " + manifest.runId() + " to topic " + topic + ": " + e, e);
    }
  }

  /** The run's manifest: the last record of {@code topic}, which exists. */
  static Manifest read(KafkaConsumer<byte[], byte[]> consumer, String topic, Duration timeout) throws IOException {
    TopicPartition partition = new TopicPartition(topic, 0);
    long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
    if (end == 0) {
      throw new IOException("topic " + topic + " holds no manifest (the run's start did not get as far as writing it)");
    }
    consumer.assign(List.of(partition));
    consumer.seek(partition, end - 1);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100)).records(partition)) {
        if (r.offset() == end - 1) {
          return Manifest.fromJson(r.value(), "topic " + topic + " offset " + r.offset());
        }
      }
    }
    throw new IOException("cannot read the manifest in topic " + topic + " (offset " + (end - 1) + ") within "
        + timeout.toMillis() + " ms");
  }
}

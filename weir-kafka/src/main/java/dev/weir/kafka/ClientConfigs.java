package dev.weir.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of the Kafka clients a run's journals use: the user's {@link KafkaJournals#clientProperty}s,
 * then the journals' own, which win.
 */
final class ClientConfigs {

  /** Room in a Kafka record beyond the payload: the frame's fields, its seq and CRC, the record's own overhead. */
  static final int RECORD_OVERHEAD = 1024;

  /** The largest manifest record (a manifest grows with the stages: about 300 bytes each). */
  static final int MANIFEST_MAX_BYTES = 8 << 20;

  private ClientConfigs() {}

  /**
   * The run's producer: idempotent, acks from all in-sync replicas, each send at once.
   *
   * @param maxPayload the run's payload limit (a resumed run keeps the one it was written with)
   */
  static Map<String, Object> producer(KafkaJournals options, int maxPayload) {
    Map<String, Object> config = new HashMap<>(options.clientProperties());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0); // a flush waits for its batch: send it at once
    // the largest record: a journal's (its payload limit is checked before it is sent) or the manifest
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(maxPayload + RECORD_OVERHEAD, MANIFEST_MAX_BYTES));
    // a producer batch is one message to the broker: never larger than the topics take
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, Math.min(64 * 1024, maxPayload + RECORD_OVERHEAD));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(options.timeout().toMillis(), 30_000));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.timeout().toMillis());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /**
   * A consumer that reads partitions it is assigned, commits nothing, takes the largest record, and
   * does not wait at a topic's end.
   */
  static Map<String, Object> consumer(KafkaJournals options) {
    Map<String, Object> config = new HashMap<>(options.clientProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // reads ask only for records the topic holds: a fetch at the topic's end, which the broker would
    // hold for up to 500 ms by default, must not hold up the next read (one fetch per broker at a time)
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        Math.max(1 << 20, options.maxPayload() + RECORD_OVERHEAD));
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  /** The admin client, within the journals' timeout. */
  static Map<String, Object> admin(KafkaJournals options) {
    Map<String, Object> config = new HashMap<>(options.clientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(options.timeout().toMillis(), 30_000));
    return config;
  }
}

package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.journal.BatchSeal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a sealed journal's topic ends ({@link TopicTail}): its last seal found from the end, however
 * far back its batch starts, the frames after it handed on unsealed, and a seal under another key
 * refused.
 */
class TopicTailTest {

  private static final byte[] KEY = "tail-key".getBytes(StandardCharsets.UTF_8);

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /**
   * Writes {@code batches} sealed batches of the given sizes, then {@code unsealed} frames without a
   * seal; returns the tag of the last seal.
   */
  private static byte[] write(String topic, BatchSeal seal, int[] batches, int unsealed) throws Exception {
    broker.createTopic(topic, 1);
    byte[] prev = BatchSeal.first();
    long seq = 1;
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (int size : batches) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          frames.add(("frame " + (seq + i)).getBytes(StandardCharsets.UTF_8));
        }
        byte[] tag = seal.tag(seq, seq + size - 1, prev, frames);
        for (int i = 0; i < size; i++) {
          ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, 0, null, frames.get(i));
          if (i == size - 1) {
            r.headers().add(new RecordHeader(KafkaJournals.SEAL_HEADER, KafkaJournals.sealValue(seq, seq + size - 1, tag)));
          }
          sent.add(p.send(r));
        }
        prev = tag;
        seq += size;
      }
      for (int i = 0; i < unsealed; i++) {
        sent.add(p.send(new ProducerRecord<>(topic, 0, null, ("frame " + (seq + i)).getBytes(StandardCharsets.UTF_8))));
      }
      for (var f : sent) {
        f.get();
      }
    }
    return prev;
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  @Test
  void aFirstBatchLongerThanTheWindow_isFound_andTheFramesAfterItAreHandedOnUnsealed() throws Exception {
    BatchSeal seal = new BatchSeal("s.data", KEY);
    byte[] tag = write("tail-long-first", seal, new int[] {5_000}, 7);
    try (KafkaConsumer<byte[], byte[]> c = consumer()) {
      TopicTail t = TopicTail.read(c, Map.of("tail-long-first", seal), List.of("tail-long-first"), Duration.ofSeconds(30))
          .get("tail-long-first");
      assertThat(t.held()).isEqualTo(5_007);
      assertThat(t.lastTag()).isEqualTo(tag);
      assertThat(t.unsealed()).extracting(b -> new String(b, StandardCharsets.UTF_8))
          .containsExactly("frame 5001", "frame 5002", "frame 5003", "frame 5004", "frame 5005", "frame 5006",
              "frame 5007");
    }
  }

  @Test
  void aLaterBatchIsCheckedAgainstTheSealBeforeIt_andAnotherKeyIsRefused() throws Exception {
    BatchSeal seal = new BatchSeal("s.data", KEY);
    byte[] tag = write("tail-chain", seal, new int[] {3_000, 3_000, 100}, 0);
    try (KafkaConsumer<byte[], byte[]> c = consumer()) {
      TopicTail t = TopicTail.read(c, Map.of("tail-chain", seal), List.of("tail-chain"), Duration.ofSeconds(30))
          .get("tail-chain");
      assertThat(t.held()).isEqualTo(6_100);
      assertThat(t.lastTag()).isEqualTo(tag);
      assertThat(t.unsealed()).isEmpty();
      BatchSeal other = new BatchSeal("s.data", "another".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> TopicTail.read(c, Map.of("tail-chain", other), List.of("tail-chain"),
          Duration.ofSeconds(30)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("topic tail-chain: its last sealed batch (seqs 6001..6100) is not sealed with this key");
      // without a seal to check (no key), only where it ends
      assertThat(TopicTail.read(c, Map.of(), List.of("tail-chain"), Duration.ofSeconds(30)).get("tail-chain").held())
          .isEqualTo(6_100);
    }
  }
}

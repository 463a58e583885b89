package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link KafkaBroker} in this JVM and as a child JVM: topics, an idempotent producer, keyed partitioning, order. */
class KafkaBrokerTest {

  private static final int RECORDS = 10_000;
  private static final int PARTITIONS = 3;
  private static final int KEYS = 101;

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
    System.out.println("KafkaBrokerTest: broker started in " + broker.startMillis() + " ms at " + broker.bootstrap());
  }

  @AfterAll
  static void stopBroker() {
    Path dir = broker.directory();
    broker.close();
    assertThat(dir).as("the broker's directory after close").doesNotExist();
  }

  @Test
  void idempotentProducer_keyedRecords_readBackInOrderOnTheirKeysPartitions() throws Exception {
    String topic = "keyed";
    broker.createTopic(topic, PARTITIONS);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(PARTITIONS);
    }

    // what the producer said about where each record went
    Map<Integer, Integer> partitionOfRecord = new HashMap<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>(RECORDS);
      for (int i = 0; i < RECORDS; i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, key(i), Integer.toString(i))));
      }
      producer.flush();
      for (int i = 0; i < RECORDS; i++) {
        partitionOfRecord.put(i, sent.get(i).get().partition());
      }
    }

    Map<Integer, List<ConsumerRecord<String, String>>> byPartition = readAll(topic, RECORDS);

    assertThat(byPartition.values().stream().mapToInt(List::size).sum()).as("records read").isEqualTo(RECORDS);
    assertThat(byPartition.keySet()).as("partitions that hold records").containsExactlyInAnyOrder(0, 1, 2);
    List<Integer> seen = new ArrayList<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    for (Map.Entry<Integer, List<ConsumerRecord<String, String>>> e : byPartition.entrySet()) {
      int partition = e.getKey();
      List<ConsumerRecord<String, String>> records = e.getValue();
      int previous = -1;
      for (int n = 0; n < records.size(); n++) {
        ConsumerRecord<String, String> r = records.get(n);
        int i = Integer.parseInt(r.value());
        // one producer, idempotent: a partition holds its records in send order, at offsets 0, 1, 2, ... (no gaps, no duplicates)
        assertThat(r.offset()).as("offset of the %d-th record in partition %d", n, partition).isEqualTo(n);
        assertThat(i).as("record after %d in partition %d", previous, partition).isGreaterThan(previous);
        previous = i;
        assertThat(r.key()).as("key of record %d", i).isEqualTo(key(i));
        assertThat(partitionOfRecord.get(i)).as("partition the producer reported for record %d", i).isEqualTo(partition);
        Integer before = partitionOfKey.putIfAbsent(r.key(), partition);
        assertThat(before == null ? partition : before).as("every record of key %s in one partition", r.key()).isEqualTo(partition);
        // the default partitioner's rule for a keyed record: murmur2 of the serialized key, positive, modulo the count
        assertThat(partition).as("partition of key %s", r.key())
            .isEqualTo(Utils.toPositive(Utils.murmur2(r.key().getBytes(StandardCharsets.UTF_8))) % PARTITIONS);
        seen.add(i);
      }
    }
    assertThat(seen).as("every record once").hasSize(RECORDS).doesNotHaveDuplicates();
    assertThat(partitionOfKey).as("keys seen").hasSize(KEYS);
  }

  @Test
  void main_asChildJvm_printsBootstrap_servesClients_stopsWhenStdinCloses() throws Exception {
    try (ChildJvm child = ChildJvm.start("broker-child", KafkaBroker.class)) {
      String first = child.nextLine(Duration.ofSeconds(60));
      assertThat(first).as("first line of the broker child").matches("bootstrap=127\\.0\\.0\\.1:\\d+");
      String bootstrap = first.substring("bootstrap=".length());
      String second = child.nextLine(Duration.ofSeconds(5));
      assertThat(second).as("second line of the broker child").startsWith("started in ").contains(" ms, data in ");
      Path dir = Path.of(second.substring(second.indexOf(" data in ") + " data in ".length()));
      assertThat(dir).as("the child broker's directory while it runs").isDirectory();

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic("child", 1, (short) 1))).all().get();
      }
      Properties p = producerProps();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
        producer.send(new ProducerRecord<>("child", "k", "hello")).get();
      }
      Map<Integer, List<ConsumerRecord<String, String>>> read = readAll(bootstrap, "child", 1);
      assertThat(read.get(0)).extracting(ConsumerRecord::value).containsExactly("hello");

      child.closeStdin();
      assertThat(child.awaitExit(Duration.ofSeconds(30))).as("exit code of the broker child after stdin closed").isZero();
      assertThat(Files.exists(dir)).as("the child broker's directory after it stopped").isFalse();
    }
  }

  private static String key(int i) {
    return "key-" + (i % KEYS);
  }

  private static Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return p;
  }

  private static Map<Integer, List<ConsumerRecord<String, String>>> readAll(String topic, int expected) {
    return readAll(broker.bootstrap(), topic, expected);
  }

  /** Reads every partition of {@code topic} from the start until {@code expected} records came, or fails after 30 s. */
  private static Map<Integer, List<ConsumerRecord<String, String>>> readAll(String bootstrap, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int count = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (count < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
          count++;
        }
      }
      assertThat(count).as("records read from %s within 30 s", topic).isEqualTo(expected);
    }
    return byPartition;
  }
}

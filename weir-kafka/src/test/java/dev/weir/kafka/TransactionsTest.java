package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka transactions as Weir will use them: consume-transform-produce in a child JVM ({@link CtpWorker}) killed
 * with SIGKILL while a transaction is open, resumed by a second child JVM with the same transactional.id, group and
 * instance id; the output read with {@code read_committed} holds every input's output exactly once. Also measures a
 * transactional producer (transactions of 500 records) against an idempotent one.
 */
class TransactionsTest {

  private static final int INPUTS = 20_000;
  private static final int PARTITIONS = 3;
  private static final int KEYS = 97;
  private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
    System.out.println("TransactionsTest: broker started in " + broker.startMillis() + " ms at " + broker.bootstrap());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {14L, 2026L, 777_001L})
  void consumeTransformProduce_killedMidTransaction_resumedByASecondJvm_outputExactlyOnce(long seed) throws Exception {
    String in = "in-" + seed;
    String out = "out-" + seed;
    String group = "ctp-" + seed;
    String instance = "ctp-" + seed + "-0";
    String transactionalId = "ctp-" + seed + "-0";
    createTopics(in, out);
    produceInputs(in);
    // the kill point: once the output holds at least k committed records, the next open transaction is killed
    int k = 500 + new Random(seed).nextInt(INPUTS - 3_000);

    long committedByFirst;
    int openWhenKilled;
    long committedSeen;
    try (ChildJvm first = ChildJvm.start("ctp-first-" + seed, CtpWorker.class,
             broker.bootstrap(), in, out, group, instance, transactionalId, "true");
         KafkaConsumer<String, String> watcher = consumer("read_committed")) {
      List<TopicPartition> outPartitions = partitions(out);
      watcher.assign(outPartitions);
      watcher.seekToBeginning(outPartitions);
      long seen = 0;
      for (;;) {
        String line = first.nextLine(LINE_TIMEOUT);
        assertThat(line).as("line of the first worker (seed %d, kill at %d)", seed, k).startsWith("open ");
        seen += drain(watcher);
        if (seen >= k) {
          String[] parts = line.split(" ");
          openWhenKilled = Integer.parseInt(parts[1]);
          committedByFirst = Long.parseLong(parts[2]);
          committedSeen = seen;
          assertThat(first.isAlive()).as("first worker alive at the kill point").isTrue();
          first.kill();
          break;
        }
        first.send("commit");
      }
    }
    assertThat(committedByFirst).as("inputs the first worker committed before the kill").isGreaterThanOrEqualTo(k).isLessThan(INPUTS);
    assertThat(committedSeen).as("committed outputs seen before the kill").isLessThanOrEqualTo(committedByFirst);

    String done;
    try (ChildJvm second = ChildJvm.start("ctp-second-" + seed, CtpWorker.class,
        broker.bootstrap(), in, out, group, instance, transactionalId, "false")) {
      done = second.nextLine(LINE_TIMEOUT);
      assertThat(second.awaitExit(LINE_TIMEOUT)).as("exit code of the second worker; %s", second.stderrTail()).isZero();
    }
    List<ConsumerRecord<String, String>> committed = readToEnd(out, "read_committed");
    List<ConsumerRecord<String, String>> everything = readToEnd(out, "read_uncommitted");
    System.out.printf("TransactionsTest seed %d: kill at >= %d committed outputs (seen %d, first worker committed %d inputs, "
            + "%d outputs in the open transaction); second worker: %s; output log holds %d records, %d committed%n",
        seed, k, committedSeen, committedByFirst, openWhenKilled, done, everything.size(), committed.size());

    assertThat(done).as("the second worker's last line").startsWith("done inputs=" + (INPUTS - committedByFirst) + " ");
    assertThat(committed).as("committed outputs").hasSize(INPUTS);
    Set<Long> distinct = new HashSet<>();
    long sumInputs = 0;
    long sumOutputs = 0;
    for (ConsumerRecord<String, String> r : committed) {
      String[] v = r.value().split(":");
      long i = Long.parseLong(v[0]);
      long o = Long.parseLong(v[1]);
      assertThat(o).as("output of input %d", i).isEqualTo(3 * i + 1);
      assertThat(r.key()).as("key of the output of input %d", i).isEqualTo(key(i));
      distinct.add(i);
      sumInputs += i;
      sumOutputs += o;
    }
    long n = INPUTS;
    assertThat(distinct).as("distinct inputs with an output").hasSize(INPUTS);
    assertThat(sumInputs).as("sum of the inputs named by the outputs").isEqualTo(n * (n - 1) / 2);
    assertThat(sumOutputs).as("sum of the outputs").isEqualTo(3 * (n * (n - 1) / 2) + n);
    // the killed transaction's outputs reached the log (flushed before the kill) and were aborted, not lost or shown
    assertThat(everything).as("records in the output log, committed or aborted").hasSize(INPUTS + openWhenKilled);
  }

  @Test
  void transactionsOf500_throughputAgainstIdempotent() throws Exception {
    int records = 100_000;
    int perTransaction = 500;
    String value = "v".repeat(100);
    createTopics("throughput-idempotent", "throughput-transactional");

    long idempotentNanos;
    SendErrors errors = new SendErrors();
    Properties p = producerProps();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>("throughput-idempotent", "warm", value)).get();
      long t0 = System.nanoTime();
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>("throughput-idempotent", key(i), value), errors);
      }
      producer.flush();
      idempotentNanos = System.nanoTime() - t0;
    }

    long transactionalNanos;
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "throughput");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("throughput-transactional", "warm", value));
      producer.commitTransaction();
      long t0 = System.nanoTime();
      for (int i = 0; i < records; i += perTransaction) {
        producer.beginTransaction();
        for (int j = i; j < i + perTransaction; j++) {
          producer.send(new ProducerRecord<>("throughput-transactional", key(j), value));
        }
        producer.commitTransaction();
      }
      transactionalNanos = System.nanoTime() - t0;
    }
    errors.assertNone("the idempotent producer");

    assertThat(readToEnd("throughput-idempotent", "read_committed")).as("idempotent records").hasSize(records + 1);
    assertThat(readToEnd("throughput-transactional", "read_committed")).as("transactional records").hasSize(records + 1);
    System.out.printf("TransactionsTest throughput, %d records of %d bytes, one producer: idempotent %.0f records/s, "
            + "transactional (%d per transaction) %.0f records/s%n",
        records, value.length(), records / (idempotentNanos / 1e9), perTransaction, records / (transactionalNanos / 1e9));
  }

  /** Counts what {@code consumer} returns until a poll returns nothing. */
  private static long drain(KafkaConsumer<String, String> consumer) {
    long count = 0;
    for (int n = consumer.poll(Duration.ofMillis(50)).count(); n > 0; n = consumer.poll(Duration.ofMillis(50)).count()) {
      count += n;
    }
    return count;
  }

  private static String key(long i) {
    return "k" + (i % KEYS);
  }

  private static void createTopics(String... names) {
    for (String name : names) {
      broker.createTopic(name, PARTITIONS);
    }
  }

  private static void produceInputs(String topic) {
    SendErrors errors = new SendErrors();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
      for (long i = 0; i < INPUTS; i++) {
        producer.send(new ProducerRecord<>(topic, key(i), Long.toString(i)), errors);
      }
      producer.flush();
    }
    errors.assertNone("producing the inputs to " + topic);
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

  private static KafkaConsumer<String, String> consumer(String isolation) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(c);
  }

  private static List<TopicPartition> partitions(String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int i = 0; i < PARTITIONS; i++) {
      partitions.add(new TopicPartition(topic, i));
    }
    return partitions;
  }

  /**
   * Every record of {@code topic} visible at {@code isolation}, read from the start to the log's end (its high
   * watermark, transaction markers included), in partition order.
   */
  private static List<ConsumerRecord<String, String>> readToEnd(String topic, String isolation) {
    List<TopicPartition> partitions = partitions(topic);
    Map<TopicPartition, Long> end;
    try (KafkaConsumer<String, String> probe = consumer("read_uncommitted")) {
      end = probe.endOffsets(partitions);
    }
    Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer(isolation)) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
        assertThat(System.nanoTime()).as("reading %s (%s) to offsets %s within 30 s", topic, isolation, end).isLessThan(deadline);
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          byPartition.computeIfAbsent(r.partition(), x -> new ArrayList<>()).add(r);
        }
      }
    }
    List<ConsumerRecord<String, String>> all = new ArrayList<>();
    for (int i = 0; i < PARTITIONS; i++) {
      all.addAll(byPartition.getOrDefault(i, List.of()));
    }
    return all;
  }
}

package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Aggregations;
import dev.weir.api.EmitPolicy;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.event.SystemEvent;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.RunView;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flow on {@link KafkaJournals} against a real single-node broker ({@link KafkaBroker}): the same
 * records as on memory journals, in topics named as documented, one frame per Kafka record; bad
 * settings and an unreachable broker fail the start saying so.
 */
class KafkaJournalsTest {

  record Reading(String sensor, int value) {}

  private static final int N = 5_000;
  private static final ElementType READING = ElementType.of(Reading.class, "reading", 1);
  private static final ElementType LONG = ElementType.of(Long.class);

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** Readings, checked (multiples of 13 refused), stored, and summed by a stateful stage (which has an order journal). */
  static FlowDefinition flow(List<Reading> out) {
    Transform<Reading, Reading> check = (r, emit) -> {
      if (r.value() % 13 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "reading " + r.value() + " is a multiple of 13");
      }
      emit.emit(new Reading(r.sensor().toUpperCase(), r.value() * 2));
    };
    return FlowDefinition.define("kafka-parity")
        .stage(StageDefinition.source("readings", READING,
            f -> Sources.range(N, i -> new Reading("s" + (i % 7), (int) i + 1))))
        .stage(StageDefinition.transform("check", StageKind.TRANSFORM, READING, READING, f -> check))
        .stage(StageDefinition.sink("store", READING, f -> Sinks.collect(out)))
        .stage(StageDefinition.transform("values", StageKind.TRANSFORM, READING, LONG,
            f -> dev.weir.api.Transforms.map((Reading r) -> (long) r.value())))
        .stage(StageDefinition.transform("total", StageKind.STATEFUL, LONG, LONG,
            f -> Aggregations.reduce(() -> 0L, (Long a, Long v) -> a + v).emitting(EmitPolicy.everyN(1_000).thenKeep())))
        .stage(StageDefinition.sink("totals", LONG, f -> Sinks.discard()))
        .chain("readings", "check", "store")
        .chain("check", "values", "total", "totals")
        .build();
  }

  private static KafkaJournals kafka() {
    return KafkaJournals.options().bootstrap(broker.bootstrap()).replicationFactor(1);
  }

  /** A record as its journal says, without its time stamp. */
  private static String describe(JournalRecord r) {
    return r.seq() + " " + r.kind() + " " + r.parent() + " " + r.joined() + " " + r.correlationId() + " " + r.depth()
        + " " + r.fallback() + " " + r.payload();
  }

  private static List<String> all(RunView run, String stage, boolean data) {
    return (data ? run.data(stage) : run.errors(stage)).readAll().stream().map(KafkaJournalsTest::describe).toList();
  }

  @Test
  void aFlowOnKafka_journalsWhatItJournalsInMemory_andEveryContractPasses() throws Exception {
    List<Reading> stored = new ArrayList<>();
    FlowHandle h = flow(stored).builder().journals(kafka()).start();
    FlowResult r = h.await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(stored).hasSize(N - N / 13);
    assertThat(r.stage("check").errors()).isEqualTo(N / 13);

    FlowHandle mem = flow(new ArrayList<>()).builder().journals(Journals.memory().keepAll()).start();
    assertThat(mem.await().state()).isEqualTo(FlowState.COMPLETED);
    for (String stage : List.of("readings", "check", "store", "values", "total", "totals")) {
      assertThat(all(h.journals(), stage, true)).as(stage + " data").isEqualTo(all(mem.journals(), stage, true));
      assertThat(all(h.journals(), stage, false)).as(stage + " errors").isEqualTo(all(mem.journals(), stage, false));
    }
    assertThat(h.journals().order("total").orElseThrow().readAll().stream().map(KafkaJournalsTest::describe).toList())
        .isEqualTo(mem.journals().order("total").orElseThrow().readAll().stream().map(KafkaJournalsTest::describe).toList())
        .isNotEmpty();
    List<SystemEvent> system = h.journals().system().readAll().stream()
        .map(JournalRecord::payload).filter(SystemEvent.class::isInstance).map(SystemEvent.class::cast).toList();
    assertThat(system).filteredOn(e -> e.type() == SystemEvent.Type.CONTRACT_FAILED).isEmpty();
    assertThat(system).filteredOn(e -> e.type() == SystemEvent.Type.CONTRACT_PASSED).hasSizeGreaterThanOrEqualTo(5);
    // reading from the middle of a topic
    assertThat(h.journals().data("check").read(1_234, 3)).extracting(JournalRecord::seq)
        .containsExactly(1_234L, 1_235L, 1_236L);
  }

  @Test
  void eachJournalIsATopicOfFrames_namedAfterFlowRunAndStage() throws Exception {
    FlowHandle h = flow(new ArrayList<>()).builder().journals(kafka().topicPrefix("weir-test")).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    String prefix = "weir-test.kafka-parity." + h.runId() + ".";
    Set<String> expected = new TreeSet<>(List.of("system", "manifest"));
    for (String s : List.of("readings", "check", "store", "values", "total", "totals")) {
      expected.add(s + ".data");
      expected.add(s + ".errors");
    }
    expected.add("total.order");
    Set<String> topics;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
      topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix))
          .map(t -> t.substring(prefix.length())).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(topics).isEqualTo(expected);

    List<JournalRecord> journaled = h.journals().data("check").readAll();
    List<ConsumerRecord<byte[], byte[]>> raw = new ArrayList<>();
    TopicPartition p = new TopicPartition(prefix + "check.data", 0);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      c.assign(List.of(p));
      c.seekToBeginning(List.of(p));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (raw.size() < journaled.size() && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).records(p).forEach(raw::add);
      }
    }
    assertThat(raw).hasSize(journaled.size());
    for (int i = 0; i < raw.size(); i++) {
      byte[] value = raw.get(i).value();
      long seq = java.nio.ByteBuffer.wrap(value, 0, 8).getLong();
      assertThat(raw.get(i).offset()).isEqualTo(i);
      assertThat(seq).as("offset " + i + " holds seq " + (i + 1)).isEqualTo(i + 1L);
      byte[] payload = journaled.get(i).payloadBytes();
      assertThat(indexOf(value, payload)).as("the frame holds the payload's bytes").isPositive();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aKeyedRun_sealsEveryBatch_andVerifyFindsEveryTampering() throws Exception {
    byte[] key = "kafka-journals-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    FlowHandle h = flow(new ArrayList<>()).builder().journals(kafka().key(key)).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    FlowHandle mem = flow(new ArrayList<>()).builder().journals(Journals.memory().keepAll()).start();
    mem.await();
    assertThat(all(h.journals(), "check", true)).isEqualTo(all(mem.journals(), "check", true));
    assertThat(kafka().key(key).verify("kafka-parity", h.runId())).isEmpty();
    assertThat(kafka().key("another key".getBytes()).verify("kafka-parity", h.runId()))
        .anyMatch(p -> p.contains("HMAC mismatch for the batch of seqs 1.."));
    // without the key the frames are checked, and the seals cannot be: that is a problem, not a clean run
    assertThat(kafka().verify("kafka-parity", h.runId())).as("without a key")
        .containsExactly("the run was sealed with an HMAC key, and none was given: its seals cannot be checked");
    assertThat(kafka().verify("kafka-parity", "no-such-run")).singleElement().asString()
        .contains("no topics start with weir.kafka-parity.no-such-run.");

    // a run without a key has no seals to check
    FlowHandle plain = flow(new ArrayList<>()).builder().journals(kafka()).start();
    plain.await();
    assertThat(kafka().key(key).verify("kafka-parity", plain.runId()))
        .anyMatch(p -> p.contains(".check.data: seqs 1..") && p.endsWith("are not sealed"));

    // a record appended to a topic by another writer: a copy of the first record
    String topic = "weir.kafka-parity." + h.runId() + ".check.data";
    byte[] first = rawValues(topic).get(0);
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
        "bootstrap.servers", broker.bootstrap(),
        "key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class,
        "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, null, first)).get();
    }
    long n = h.journals().data("check").lastSeq();
    assertThat(kafka().key(key).verify("kafka-parity", h.runId()))
        .contains(topic + " offset " + n + ": the frame is seq 1");
  }

  private static List<byte[]> rawValues(String topic) {
    List<byte[]> out = new ArrayList<>();
    TopicPartition p = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      c.assign(List.of(p));
      c.seekToBeginning(List.of(p));
      long end = c.endOffsets(List.of(p)).get(p);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < end && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).records(p).forEach(r -> out.add(r.value()));
      }
    }
    return out;
  }

  @Test
  void aPayloadOverTheLimit_failsTheRunAsOnDisk() throws Exception {
    FlowResult r = flow(new ArrayList<>()).builder().journals(kafka().maxPayload(8)).start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("journal readings.data: the DATA payload that would have been seq 1 is")
        .contains("more than the maximum of 8");
  }

  @Test
  void anUnreachableBroker_failsTheStartNamingIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String nowhere = "127.0.0.1:" + port;
    assertThatThrownBy(() -> flow(new ArrayList<>()).builder()
        .journals(KafkaJournals.options().bootstrap(nowhere).timeout(Duration.ofSeconds(3))).start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("cannot create the run's topics on " + nowhere);
  }

  @Test
  void badSettings_areRefusedSayingWhat() {
    assertThatThrownBy(() -> flow(new ArrayList<>()).builder().journals(KafkaJournals.options()).start())
        .hasMessageContaining("Kafka journals need their brokers: KafkaJournals.options().bootstrap(\"host:9092\")");
    assertThatThrownBy(() -> KafkaJournals.options().topicPrefix("weir/runs"))
        .hasMessageContaining("Kafka topic names take only letters, digits, '.', '_' and '-', not '/'");
    assertThatThrownBy(() -> KafkaJournals.options().replicationFactor(0))
        .hasMessageContaining("a replication factor is 1 or more, got 0");
    assertThatThrownBy(() -> KafkaJournals.options().bootstrap(" "))
        .hasMessageContaining("needs host:port");
    assertThatThrownBy(() -> TopicNames.of("weir", "f".repeat(200), "r".repeat(40), "stage.data"))
        .hasMessageContaining("more than Kafka's 249");
  }
}

package dev.weir.kafka;

import dev.weir.journal.BatchSeal;
import dev.weir.journal.FrameCodec;
import dev.weir.journal.Journal;
import dev.weir.journal.RunJournals;
import dev.weir.journal.RunSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The journals of one run as topics ({@link TopicNames}), created when the run opens them, written
 * through one idempotent producer and read back through one consumer.
 */
final class KafkaRunJournals implements RunJournals {

  /** Room in a Kafka record beyond the payload: the frame's fields, its seq and CRC, the record's own overhead. */
  private static final int RECORD_OVERHEAD = 1024;

  private final String runId;
  private final List<String> stageNames;
  private final Map<String, KafkaJournal> byId = new LinkedHashMap<>();
  private final Producer<byte[], byte[]> producer;
  private final TopicReader reader;

  private KafkaRunJournals(String runId, List<String> stageNames, Producer<byte[], byte[]> producer, TopicReader reader) {
    this.runId = runId;
    this.stageNames = stageNames;
    this.producer = producer;
    this.reader = reader;
  }

  /** Creates the run's topics and opens its journals on them. */
  static KafkaRunJournals create(KafkaJournals options, RunSpec spec) throws IOException {
    String flow = spec.definition().name();
    Map<String, Integer> journalStage = new LinkedHashMap<>(); // journal id -> stage index (-1: system)
    Set<String> ordered = RunJournals.orderedStages(spec.definition());
    for (int i = 0; i < spec.stageNames().size(); i++) {
      String s = spec.stageNames().get(i);
      journalStage.put(s + ".data", i);
      journalStage.put(s + ".errors", i);
      if (ordered.contains(s)) {
        journalStage.put(s + ".order", i);
      }
    }
    journalStage.put("system", -1);
    Map<String, String> topics = new LinkedHashMap<>();
    for (String id : journalStage.keySet()) {
      topics.put(id, TopicNames.of(options.topicPrefix(), flow, spec.runId(), id));
    }
    createTopics(options, topics.values());

    Map<String, Object> producerConfig = new HashMap<>(options.clientProperties());
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0); // a flush waits for its batch: send it at once
    producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, options.maxPayload() + RECORD_OVERHEAD);
    // a producer batch is one message to the broker: never larger than the topics take
    producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, Math.min(64 * 1024, options.maxPayload() + RECORD_OVERHEAD));
    producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
    producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(options.timeout().toMillis(), 30_000));
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.timeout().toMillis());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    Map<String, Object> consumerConfig = new HashMap<>(options.clientProperties());
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(1 << 20, options.maxPayload() + RECORD_OVERHEAD));
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);

    Producer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig);
    KafkaRunJournals run = new KafkaRunJournals(spec.runId(), spec.stageNames(), producer,
        new TopicReader(consumerConfig, options.timeout()));
    for (Map.Entry<String, Integer> e : journalStage.entrySet()) {
      String id = e.getKey();
      int stage = e.getValue();
      run.byId.put(id, new KafkaJournal(id, topics.get(id), producer,
          FrameCodec.of(spec, stage, id, options.maxPayload()), FrameCodec.of(spec, stage, id, options.maxPayload()),
          run.reader, options.timeout(), options.key().map(k -> new BatchSeal(id, k)).orElse(null)));
    }
    return run;
  }

  private static void createTopics(KafkaJournals options, java.util.Collection<String> names) throws IOException {
    Map<String, Object> config = new HashMap<>(options.clientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(options.timeout().toMillis(), 30_000));
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      NewTopic t = new NewTopic(name, Optional.of(1), options.replicationFactor().map(r -> (short) (int) r));
      t.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(options.maxPayload() + RECORD_OVERHEAD)));
      topics.add(t);
    }
    try (Admin admin = Admin.create(config)) {
      admin.createTopics(topics).all().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
      TopicReadiness.await(admin, names.stream().map(n -> new org.apache.kafka.common.TopicPartition(n, 0)).toList(),
          options.timeout());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException(cause instanceof TopicExistsException
          ? "cannot create the run's topics on " + options.bootstrap() + ": " + cause.getMessage()
              + " (a run's topics are its own: is another run writing them?)"
          : "cannot create the run's topics on " + options.bootstrap() + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw new IOException("cannot create the run's topics on " + options.bootstrap() + ": no answer within "
          + options.timeout().toMillis() + " ms (is a broker listening there?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating the run's topics on " + options.bootstrap(), e);
    }
  }

  /** The topic each journal is, by journal id. */
  Map<String, String> topics() {
    Map<String, String> out = new LinkedHashMap<>();
    byId.forEach((id, j) -> out.put(id, j.topic()));
    return out;
  }

  private KafkaJournal get(String id) {
    KafkaJournal j = byId.get(id);
    if (j == null) {
      throw new NoSuchElementException("run " + runId + " has no journal " + id + "; stages: " + stageNames);
    }
    return j;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public List<String> stageNames() {
    return stageNames;
  }

  @Override
  public Journal data(String stage) {
    return get(stage + ".data");
  }

  @Override
  public Journal errors(String stage) {
    return get(stage + ".errors");
  }

  @Override
  public Journal system() {
    return get("system");
  }

  @Override
  public Optional<Journal> order(String stage) {
    return Optional.ofNullable(byId.get(stage + ".order"));
  }

  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(10));
    } finally {
      reader.close();
    }
  }

  @Override
  public String toString() {
    return "Kafka journals of run " + runId;
  }
}

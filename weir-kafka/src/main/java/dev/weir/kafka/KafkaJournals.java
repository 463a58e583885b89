package dev.weir.kafka;

import dev.weir.flow.DiskJournals;
import dev.weir.journal.JournalProvider;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunJournals;
import dev.weir.journal.RunSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A run's journals as Kafka topics: per stage a data and an error topic (and an order topic for a
 * stage with several inputs or state), and the system topic, each of one partition, named
 * {@code <prefix>.<flow>.<run id>.<stage>.data} and so on ({@code weir} the default prefix). Each
 * record is a Kafka record whose value is the record's frame: the format of disk segments, CRC32C
 * over its seq and bytes, one frame per record, at offset seq - 1. Records go through an
 * idempotent producer with {@code acks=all}; a stage's batch becomes visible to its downstream
 * stages once the broker acknowledged all of it, so a downstream stage never sees an event its
 * upstream's topic does not hold.
 *
 * <pre>{@code
 * FlowResult r = OrdersFlow.builder()
 *     .journals(KafkaJournals.options().bootstrap("broker-1:9092").replicationFactor(3))
 *     .start().await();
 * }</pre>
 *
 * <p>With a {@link #key}, every batch is sealed by the HMAC chain, and {@link #verify} checks a run's
 * topics. The run's manifest is a topic too, so a run killed halfway is resumed from its topics
 * ({@code FlowBuilder.resumeRun(runId)}). Not yet: keys and several partitions per topic, stages
 * across JVMs, Kafka transactions (docs/kafka.md). A run is replayed from its topics with
 * {@code FlowBuilder.replayRun(kafka, runId)}.
 */
public final class KafkaJournals implements JournalProvider {

  /** The largest payload by default: below the 1 MB a broker takes in a record unless told otherwise. */
  public static final int DEFAULT_MAX_PAYLOAD = 1_000_000;
  /** The Kafka record header that holds a batch's seal: its first and last seq (8 bytes each) and its tag. */
  public static final String SEAL_HEADER = "weir.seal";
  /** How long creating topics, a send or a read may take by default before the journal fails. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private String bootstrap;
  private Integer replicationFactor;
  private String topicPrefix = "weir";
  private int maxPayload = DEFAULT_MAX_PAYLOAD;
  private Duration timeout = DEFAULT_TIMEOUT;
  private final Map<String, Object> clientProperties = new LinkedHashMap<>();
  private byte[] key;

  private KafkaJournals() {}

  /** Kafka journals to configure; {@link #bootstrap} is required. */
  public static KafkaJournals options() {
    return new KafkaJournals();
  }

  /** The brokers to connect to, {@code host:port[,host:port...]}. */
  public KafkaJournals bootstrap(String servers) {
    Objects.requireNonNull(servers, "servers");
    if (servers.isBlank()) {
      throw new IllegalArgumentException("KafkaJournals.bootstrap needs host:port, got a blank string");
    }
    this.bootstrap = servers.strip();
    return this;
  }

  /**
   * The replication factor of the run's topics; without one, the broker's
   * {@code default.replication.factor} applies.
   */
  public KafkaJournals replicationFactor(int factor) {
    if (factor < 1 || factor > Short.MAX_VALUE) {
      throw new IllegalArgumentException("a replication factor is 1 or more, got " + factor);
    }
    this.replicationFactor = factor;
    return this;
  }

  /**
   * Seals each batch of every journal with the HMAC chain under {@code key} ({@code BatchSeal}), as
   * disk journals do: the seal travels in the {@value #SEAL_HEADER} header of the batch's last
   * record, and {@link #verify} checks the chain. Null: no seals.
   */
  public KafkaJournals key(byte[] value) {
    if (value != null && value.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    this.key = value == null ? null : value.clone();
    return this;
  }

  /** The HMAC key, if one was set. */
  public Optional<byte[]> key() {
    return Optional.ofNullable(key).map(byte[]::clone);
  }

  /** The first part of every topic name; {@code weir} unless set. */
  public KafkaJournals topicPrefix(String prefix) {
    this.topicPrefix = TopicNames.prefix(prefix);
    return this;
  }

  /**
   * The largest payload, in encoded bytes, a journal takes ({@value #DEFAULT_MAX_PAYLOAD} unless set);
   * topics are created to take records of that size. A larger payload is refused, as on disk.
   */
  public KafkaJournals maxPayload(int bytes) {
    if (bytes < 1 || bytes > DiskJournals.DEFAULT_MAX_PAYLOAD) {
      throw new IllegalArgumentException("a Kafka journal's payload limit is 1 to " + DiskJournals.DEFAULT_MAX_PAYLOAD
          + " bytes, got " + bytes);
    }
    this.maxPayload = bytes;
    return this;
  }

  /** How long creating the topics, acknowledging a batch or reading back may take before the journal fails. */
  public KafkaJournals timeout(Duration value) {
    Objects.requireNonNull(value, "value");
    if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a timeout is positive and at most " + Integer.MAX_VALUE + " ms, got " + value);
    }
    this.timeout = value;
    return this;
  }

  /**
   * A setting for Kafka's clients (security, client id...), given to the admin client, the producer
   * and the consumer alike; the journals' own settings (acks, idempotence, serializers) win.
   */
  public KafkaJournals clientProperty(String key, Object value) {
    clientProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The brokers, as given to {@link #bootstrap}. */
  public String bootstrap() {
    return bootstrap;
  }

  /** The replication factor of new topics, empty for the broker's default. */
  public Optional<Integer> replicationFactor() {
    return Optional.ofNullable(replicationFactor);
  }

  public String topicPrefix() {
    return topicPrefix;
  }

  public int maxPayload() {
    return maxPayload;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The extra client settings, in the order they were given. */
  public Map<String, Object> clientProperties() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clientProperties));
  }

  /** The value of a {@value #SEAL_HEADER} header. */
  static byte[] sealValue(long first, long last, byte[] tag) {
    return java.nio.ByteBuffer.allocate(16 + tag.length).putLong(first).putLong(last).put(tag).array();
  }

  /**
   * Checks every journal of run {@code runId} of flow {@code flow} as its topics hold it: each record
   * a whole frame of the seq its offset says, and with a {@link #key} every batch sealed by the chain
   * (a batch edited, dropped, reordered or replayed, a record added, or another key breaks it).
   *
   * @return what is wrong, one line per problem, naming the topic and the offset; empty when the run
   *     is whole. A run without topics is a problem too.
   */
  @Override
  public java.util.List<String> verify(String flow, String runId) throws IOException {
    requireBootstrap();
    return TopicVerifier.verify(this, flow, runId);
  }

  @Override
  public RunJournals open(RunSpec spec) throws IOException {
    requireBootstrap();
    return KafkaRunJournals.create(this, spec);
  }

  /**
   * The manifest of run {@code runId} of flow {@code flow}: the last record of its manifest topic
   * ({@code <prefix>.<flow>.<run id>.manifest}).
   *
   * @throws IOException when the brokers have no such run (the message lists the runs of the flow they
   *     have), or it cannot be read
   */
  @Override
  public Manifest manifest(String flow, String runId) throws IOException {
    requireBootstrap();
    String topic;
    try {
      topic = TopicNames.of(topicPrefix, flow, runId, ManifestTopic.ID);
    } catch (IllegalArgumentException e) {
      throw new IOException("'" + runId + "' is not a run id of flow '" + flow + "': " + e.getMessage(), e);
    }
    if (KafkaRunJournals.existingTopics(this, List.of(topic)).isEmpty()) {
      List<String> runs = runs(flow);
      throw new IOException("there is no run " + runId + " of flow '" + flow + "' on " + bootstrap + " (no topic "
          + topic + "); " + (runs.isEmpty() ? "it has no runs of that flow under prefix '" + topicPrefix + "'"
          : "its runs of that flow: " + String.join(", ", runs.subList(Math.max(0, runs.size() - 10), runs.size()))
              + (runs.size() > 10 ? " (the last 10 of " + runs.size() + ")" : "")));
    }
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(this))) {
      return ManifestTopic.read(consumer, topic, timeout);
    } catch (RuntimeException e) {
      throw new IOException("cannot read the manifest of run " + runId + " (topic " + topic + "): " + e, e);
    }
  }

  /** The ids of the runs of {@code flow} whose manifests the brokers hold, in order. */
  public List<String> runs(String flow) throws IOException {
    requireBootstrap();
    String start = topicPrefix + "." + flow + ".";
    String end = "." + ManifestTopic.ID;
    List<String> out = new java.util.ArrayList<>();
    for (String t : KafkaRunJournals.topicNames(this)) {
      String id = t.startsWith(start) && t.endsWith(end) ? t.substring(start.length(), t.length() - end.length()) : "";
      if (!id.isEmpty() && !id.contains(".")) {
        out.add(id);
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  @Override
  public boolean sealed() {
    return key != null;
  }

  @Override
  public RunJournals resume(RunSpec spec, String previousStatus) throws IOException {
    requireBootstrap();
    return KafkaRunJournals.resume(this, spec, manifest(spec.definition().name(), spec.runId()), previousStatus);
  }

  /**
   * The journals of run {@code spec.runId()} as its topics hold them, for reading only (a replay
   * reads them: {@code FlowBuilder.replayRun(kafka, runId)}); close them after use.
   */
  @Override
  public RunJournals read(RunSpec spec) throws IOException {
    requireBootstrap();
    return KafkaRunJournals.read(this, spec, manifest(spec.definition().name(), spec.runId()));
  }

  /**
   * Run {@code runId} of {@code definition} as its topics hold it, read-only, its payloads decoded by
   * the flow's element types with the default codecs (Jackson, in the run's payload format). Close it
   * after use.
   *
   * @throws IOException when the brokers have no such run, or its topics cannot be read
   */
  public KafkaRun run(dev.weir.flow.FlowDefinition definition, String runId) throws IOException {
    Manifest m = manifest(definition.name(), runId);
    RunSpec spec = new RunSpec(definition, runId,
        dev.weir.event.CodecRegistry.defaults().withPayloadFormat(m.payloadFormatOrJson()), java.util.Optional.empty());
    return new KafkaRun(KafkaRunJournals.read(this, spec, m), m.status());
  }

  private void requireBootstrap() {
    if (bootstrap == null) {
      throw new IllegalStateException("Kafka journals need their brokers: KafkaJournals.options().bootstrap(\"host:9092\")");
    }
  }

  @Override
  public String toString() {
    return "KafkaJournals[" + bootstrap + ", prefix " + topicPrefix + "]";
  }
}

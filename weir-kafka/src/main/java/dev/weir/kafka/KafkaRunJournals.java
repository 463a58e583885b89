package dev.weir.kafka;

import dev.weir.flow.FlowState;
import dev.weir.journal.BatchSeal;
import dev.weir.journal.FrameCodec;
import dev.weir.journal.Journal;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunJournals;
import dev.weir.journal.RunSeal;
import dev.weir.journal.RunSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The journals of one run as topics ({@link TopicNames}), created when the run opens them (or, for a
 * resumed run, found as the interrupted run left them), written through one idempotent producer and
 * read back through one consumer, with the run's manifest in its own topic ({@link ManifestTopic}).
 */
final class KafkaRunJournals implements RunJournals {

  private final KafkaJournals options;
  /** The run's payload limit: what it was created with, kept by a resume (as on disk). */
  private final int maxPayload;
  private final String runId;
  private final List<String> stageNames;
  private final Map<String, KafkaJournal> byId = new LinkedHashMap<>();
  /** Null when the journals are open for reading only. */
  private final Producer<byte[], byte[]> producer;
  private final TopicReader reader;
  private final String manifestTopic;
  private final Set<String> abandoned = new java.util.HashSet<>();
  private Manifest manifest;
  private SortedMap<String, Long> resumedWith = new TreeMap<>();

  private KafkaRunJournals(KafkaJournals options, RunSpec spec, Manifest manifest, boolean readOnly) {
    this.options = options;
    this.maxPayload = manifest.maxPayload();
    this.runId = spec.runId();
    this.stageNames = spec.stageNames();
    this.manifest = manifest;
    this.manifestTopic = topic(options, spec, ManifestTopic.ID);
    this.producer = readOnly ? null : new KafkaProducer<>(ClientConfigs.producer(options, maxPayload));
    this.reader = new TopicReader(ClientConfigs.consumer(options), options.timeout());
  }

  /** Journal id to the index of its stage (-1 for the system journal), in the order of the run's journals. */
  private static Map<String, Integer> journals(RunSpec spec) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Set<String> ordered = RunJournals.orderedStages(spec.definition());
    for (int i = 0; i < spec.stageNames().size(); i++) {
      String s = spec.stageNames().get(i);
      out.put(s + ".data", i);
      out.put(s + ".errors", i);
      if (ordered.contains(s)) {
        out.put(s + ".order", i);
      }
    }
    out.put("system", -1);
    return out;
  }

  private static String topic(KafkaJournals options, RunSpec spec, String journalId) {
    return TopicNames.of(options.topicPrefix(), spec.definition().name(), spec.runId(), journalId);
  }

  /** Creates the run's topics, writes its manifest (running) and opens its journals on the topics. */
  static KafkaRunJournals create(KafkaJournals options, RunSpec spec) throws IOException {
    Map<String, Integer> journals = journals(spec);
    List<String> topics = new ArrayList<>();
    journals.keySet().forEach(id -> topics.add(topic(options, spec, id)));
    topics.add(topic(options, spec, ManifestTopic.ID));
    createTopics(options, topics, topic(options, spec, ManifestTopic.ID));
    Manifest manifest = Manifest.start(spec, "acks=all", options.key().isPresent(), 0, options.maxPayload(),
        id -> topic(options, spec, id));
    KafkaRunJournals run = new KafkaRunJournals(options, spec, manifest, false);
    try {
      for (Map.Entry<String, Integer> e : journals.entrySet()) {
        run.open(spec, e.getKey(), e.getValue(), new TopicTail(0, BatchSeal.first(), List.of()));
      }
      ManifestTopic.write(run.producer, run.manifestTopic, manifest, options.timeout());
    } catch (IOException | RuntimeException e) {
      run.closeClients();
      throw e;
    }
    return run;
  }

  /**
   * Opens the journals of the interrupted run {@code spec.runId()} as its topics hold them, to go on
   * writing them: every stage journal checks what its stage produces again against its topic before
   * it appends anything new ({@link KafkaJournal#rederivePrefix}), and the manifest records the resume.
   * Topics cannot be cut back: what the interrupted run sent and the broker took stays, whether or not
   * its flush returned, and is produced again like the rest.
   *
   * @param manifest the run's manifest, checked by the caller
   */
  static KafkaRunJournals resume(KafkaJournals options, RunSpec spec, Manifest manifest, String previousStatus)
      throws IOException {
    SortedMap<String, Long> kept = new TreeMap<>();
    KafkaRunJournals run = existing(options, spec, manifest, false, kept);
    try {
      run.manifest = manifest.resumed(new Manifest.ResumeEntry(Instant.now().toString(), previousStatus,
          java.util.Collections.unmodifiableSortedMap(kept), List.of()));
      for (KafkaJournal j : run.byId.values()) {
        if (!j.id().equals("system")) {
          j.rederivePrefix();
        }
      }
      run.resumedWith = java.util.Collections.unmodifiableSortedMap(kept);
      ManifestTopic.write(run.producer, run.manifestTopic, run.manifest, options.timeout());
    } catch (IOException | RuntimeException e) {
      run.closeClients();
      throw e;
    }
    return run;
  }

  /**
   * The journals of run {@code spec.runId()} as its topics hold them, for reading only: appends are
   * refused, and closing them writes nothing.
   */
  static KafkaRunJournals read(KafkaJournals options, RunSpec spec, Manifest manifest) throws IOException {
    return existing(options, spec, manifest, true, new TreeMap<>());
  }

  /**
   * Opens the journals of a run on its existing topics, each after the records its topic holds (put
   * in {@code held}, by journal id), so that it reads them all and appends after them.
   */
  private static KafkaRunJournals existing(KafkaJournals options, RunSpec spec, Manifest manifest, boolean readOnly,
      SortedMap<String, Long> held) throws IOException {
    Map<String, Integer> journals = journals(spec);
    Map<String, String> topics = new LinkedHashMap<>();
    journals.keySet().forEach(id -> topics.put(id, topic(options, spec, id)));
    List<String> missing = new ArrayList<>(topics.values());
    missing.removeAll(existingTopics(options, topics.values()));
    if (!missing.isEmpty()) {
      throw new IOException("run " + spec.runId() + " on " + options.bootstrap() + " lacks the topics " + missing
          + " (deleted since the run, or written by a Weir that kept other journals)");
    }
    Map<String, TopicTail> tails;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(options))) {
      Map<String, BatchSeal> seals = new HashMap<>(); // a reader appends nothing: it needs no seal to go on from
      if (!readOnly) {
        options.key().ifPresent(k -> topics.forEach((id, t) -> seals.put(t, new BatchSeal(id, k))));
      }
      tails = TopicTail.read(consumer, seals, topics.values(), options.timeout());
    } catch (RuntimeException e) {
      throw new IOException("cannot go on from where the topics of run " + spec.runId() + " end: " + e.getMessage(), e);
    }
    topics.forEach((id, t) -> held.put(id, tails.get(t).held()));
    KafkaRunJournals run = new KafkaRunJournals(options, spec, manifest, readOnly);
    try {
      for (Map.Entry<String, Integer> e : journals.entrySet()) {
        run.open(spec, e.getKey(), e.getValue(), tails.get(topics.get(e.getKey())));
      }
    } catch (RuntimeException e) {
      run.closeClients();
      throw e;
    }
    return run;
  }

  private KafkaJournal open(RunSpec spec, String id, int stage, TopicTail tail) {
    KafkaJournal j = new KafkaJournal(id, topic(options, spec, id), stageNames, producer,
        FrameCodec.of(spec, stage, id, maxPayload), FrameCodec.of(spec, stage, id, maxPayload),
        reader, options.timeout(), options.key().map(k -> new BatchSeal(id, k)).orElse(null), tail.held(),
        tail.lastTag(), tail.unsealed());
    byId.put(id, j);
    return j;
  }

  /** Which of {@code topics} exist on the brokers. */
  static Set<String> existingTopics(KafkaJournals options, Collection<String> topics) throws IOException {
    Set<String> out = new java.util.LinkedHashSet<>(topics);
    out.retainAll(topicNames(options));
    return out;
  }

  /** The names of every topic on the brokers. */
  static Set<String> topicNames(KafkaJournals options) throws IOException {
    try (Admin admin = Admin.create(ClientConfigs.admin(options))) {
      return admin.listTopics().names().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("cannot list the topics on " + options.bootstrap() + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("cannot list the topics on " + options.bootstrap() + ": no answer within "
          + options.timeout().toMillis() + " ms (is a broker listening there?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing the topics on " + options.bootstrap(), e);
    }
  }

  private static void createTopics(KafkaJournals options, List<String> names, String compacted) throws IOException {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      NewTopic t = new NewTopic(name, Optional.of(1), options.replicationFactor().map(r -> (short) (int) r));
      Map<String, String> config = new HashMap<>();
      if (name.equals(compacted)) {
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(ClientConfigs.MANIFEST_MAX_BYTES));
      } else {
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(options.maxPayload() + ClientConfigs.RECORD_OVERHEAD));
        // a journal is read from its first record on (resume, replay, verify): the broker never deletes any
        config.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        config.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
      }
      t.configs(config);
      topics.add(t);
    }
    try (Admin admin = Admin.create(ClientConfigs.admin(options))) {
      admin.createTopics(topics).all().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
      TopicReadiness.await(admin, names.stream().map(n -> new TopicPartition(n, 0)).toList(), options.timeout());
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
  public java.util.Map<String, Long> resumedWith() {
    return resumedWith;
  }

  @Override
  public void complete(FlowState state, String detail) {
    manifest = manifest.ended(state.name(), Instant.now().toString(), detail);
  }

  @Override
  public void abandon(String stage) {
    abandoned.add(stage + ".data");
    abandoned.add(stage + ".errors");
    abandoned.add(stage + ".order");
  }

  /**
   * Writes the manifest (with each journal's final count, and with a key the run's seal, once the run
   * ended; as it was while it runs otherwise), then closes the clients.
   */
  @Override
  public void close() {
    if (producer == null) {
      reader.close();
      return;
    }
    try {
      if (!"RUNNING".equals(manifest.status())) {
        SortedMap<String, Long> counts = new TreeMap<>();
        Map<String, byte[]> tags = new HashMap<>();
        byId.forEach((id, j) -> {
          // a journal that failed, or whose stage thread never ended, holds what it holds: no count to check
          boolean unknown = j.failed() || abandoned.contains(id);
          counts.put(id, unknown ? Manifest.UNKNOWN_COUNT : j.held());
          // nor a last tag: what a failed flush left in the topic is not known either
          tags.put(id, unknown ? new byte[0] : j.lastTag());
        });
        String seal = options.key().map(k -> RunSeal.compute(k, manifest, manifest.status(), counts, tags)).orElse(null);
        manifest = manifest.withJournals(counts, seal);
        ManifestTopic.write(producer, manifestTopic, manifest, options.timeout());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      closeClients();
    }
  }

  private void closeClients() {
    try {
      if (producer != null) {
        producer.close(Duration.ofSeconds(10));
      }
    } finally {
      reader.close();
    }
  }

  @Override
  public String toString() {
    return "Kafka journals of run " + runId;
  }
}

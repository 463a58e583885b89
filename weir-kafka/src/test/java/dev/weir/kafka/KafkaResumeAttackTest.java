package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.StatelessTransform;
import dev.weir.api.Transform;
import dev.weir.event.CodecRegistry;
import dev.weir.flow.EdgeDefinition;
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
import dev.weir.flow.StopMode;
import dev.weir.journal.FrameCodec;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunComparison;
import dev.weir.journal.RunSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on resuming a run from its Kafka topics ({@code resumeRun}): a stage that is not
 * deterministic, changed flows, two resumes at once, empty and all-dead-lettered runs, a resume
 * cancelled before it ran, another payload limit, and records another writer appended to a topic.
 */
class KafkaResumeAttackTest {

  private static final ElementType LONG = ElementType.of(Long.class);
  private static final ElementType STRING = ElementType.of(String.class);

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static KafkaJournals kafka() {
    return KafkaJournals.options().bootstrap(broker.bootstrap()).replicationFactor(1);
  }

  // --- flows ------------------------------------------------------------------------------------

  /** numbers (range 1..n) |> mapped |> out. */
  private static FlowDefinition chain(String flow, long n, Supplier<Object> mapped, Supplier<Sink<Long>> out) {
    return FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("mapped", StageKind.TRANSFORM, LONG, LONG, f -> mapped.get()))
        .stage(StageDefinition.sink("out", LONG, f -> out.get()))
        .chain("numbers", "mapped", "out")
        .build();
  }

  private static Transform<Long, Long> times3plus(long plus) {
    return (v, o) -> o.emit(v * 3 + plus);
  }

  /** A sink that counts what it is handed and, from the k-th input on, takes {@code sleepMs} for each. */
  private static Sink<Long> slowAfter(AtomicLong handed, long k, long sleepMs) {
    return v -> {
      if (handed.incrementAndGet() >= k) {
        Thread.sleep(sleepMs);
      }
    };
  }

  private static Sink<Long> fast() {
    return v -> {};
  }

  /** Starts {@code def} on {@code kafka}, cancels it once {@code progress} reached {@code atLeast}, returns its run id. */
  private static String cancelled(FlowDefinition def, KafkaJournals kafka, AtomicLong progress, long atLeast)
      throws Exception {
    FlowHandle h = def.builder().journals(kafka).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (progress.get() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(progress.get()).as("progress before the cancel").isGreaterThanOrEqualTo(atLeast);
    h.stop(StopMode.CANCEL);
    FlowResult r = h.await(Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("the cancel hangs"));
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.CANCELLED);
    return h.runId();
  }

  private static FlowResult ended(FlowHandle h) throws InterruptedException {
    return h.await(Duration.ofSeconds(120)).orElseThrow(() -> new AssertionError("the run hangs"));
  }

  private static RunView memoryRun(FlowDefinition def) throws InterruptedException {
    FlowHandle h = def.builder().journals(Journals.memory().keepAll()).start();
    FlowResult r = ended(h);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    return h.journals();
  }

  private static String failure(FlowResult r) {
    return r.failure().map(Throwable::getMessage).orElse("(no failure)");
  }

  // --- topics -----------------------------------------------------------------------------------

  /** The end offset of every topic of the run, by topic name. */
  private static Map<String, Long> ends(String flow, String runId) throws Exception {
    String prefix = "weir." + flow + "." + runId + ".";
    List<TopicPartition> parts = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
      for (String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
        if (t.startsWith(prefix)) {
          parts.add(new TopicPartition(t, 0));
        }
      }
    }
    Map<String, Long> out = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> c = consumer()) {
      c.endOffsets(parts, Duration.ofSeconds(30)).forEach((p, e) -> out.put(p.topic(), e));
    }
    return out;
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  /** Appends {@code value} to partition 0 of {@code topic} as another writer would, and waits for it. */
  private static void appendForeign(String topic, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        broker.bootstrap(), ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      p.send(new ProducerRecord<>(topic, 0, null, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static String topic(String flow, String runId, String journal) {
    return "weir." + flow + "." + runId + "." + journal;
  }

  private static RunSpec spec(FlowDefinition def, String runId) throws Exception {
    Manifest m = kafka().manifest(def.name(), runId);
    return new RunSpec(def, runId, CodecRegistry.defaults().withPayloadFormat(m.payloadFormatOrJson()), Optional.empty());
  }

  // --- a stage that is not deterministic ----------------------------------------------------------

  @Test
  void aStageThatIsNotDeterministic_failsTheResumeNamingJournalAndSeq_writesNoRecordOfIt_andACorrectResumeCompletes()
      throws Exception {
    String flow = "atk-det";
    long n = 3_000;
    KafkaJournals kafka = kafka();
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(chain(flow, n, () -> times3plus(0), () -> slowAfter(handed, 300, 5)), kafka, handed, 300);
    Map<String, Long> before = ends(flow, runId);
    assertThat(before.get(topic(flow, runId, "mapped.data"))).isGreaterThan(0);

    FlowResult bad = ended(chain(flow, n, () -> times3plus(1), SinkSupplier.FAST).builder().journals(kafka)
        .resumeRun(runId).start());
    assertThat(bad.state()).isEqualTo(FlowState.FAILED);
    assertThat(failure(bad)).contains("journal mapped.data seq 1").contains("payload 3 journaled, 4 now");
    Map<String, Long> after = ends(flow, runId);
    for (String j : List.of("mapped.data", "mapped.errors", "out.data", "out.errors")) {
      assertThat(after.get(topic(flow, runId, j))).as("the failed resume wrote nothing to " + j)
          .isEqualTo(before.get(topic(flow, runId, j)));
    }
    assertThat(kafka.manifest(flow, runId).status()).isEqualTo("FAILED");

    FlowHandle good = chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder().journals(kafka).resumeRun(runId)
        .start();
    FlowResult r = ended(good);
    assertThat(r.state()).as(failure(r)).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("numbers").emitted()).isEqualTo(n);
    RunComparison same = RunComparison.compare(memoryRun(chain(flow, n, () -> times3plus(0), SinkSupplier.FAST)),
        good.journals());
    assertThat(same.differences()).as(same.summary()).isEmpty();
    Manifest m = kafka.manifest(flow, runId);
    assertThat(m.status()).isEqualTo("COMPLETED");
    assertThat(m.resumes()).extracting(Manifest.ResumeEntry::previousStatus).containsExactly("CANCELLED", "FAILED");
    assertThat(kafka.verify(flow, runId)).isEmpty();
  }

  /** Suppliers of fast sinks, typed for {@link #chain}. */
  private enum SinkSupplier implements Supplier<Sink<Long>> {
    FAST;

    @Override
    public Sink<Long> get() {
      return fast();
    }
  }

  // --- other flows ------------------------------------------------------------------------------

  @Test
  void anotherFlowName_changedTypes_anExtraStage_anotherEdge_andAnotherTopicPrefix_areRefused_writingNothing()
      throws Exception {
    String flow = "atk-topo";
    long n = 2_000;
    KafkaJournals kafka = kafka();
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(chain(flow, n, () -> times3plus(0), () -> slowAfter(handed, 200, 5)), kafka, handed, 200);
    Map<String, Long> before = ends(flow, runId);

    assertThatThrownBy(() -> chain("atk-topo-other", n, () -> times3plus(0), SinkSupplier.FAST).builder()
        .journals(kafka).resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("there is no run " + runId + " of flow 'atk-topo-other'");

    FlowDefinition strings = FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("mapped", StageKind.TRANSFORM, LONG, STRING,
            f -> (Transform<Long, String>) (v, o) -> o.emit("v" + v)))
        .stage(StageDefinition.sink("out", STRING, f -> (Sink<String>) v -> {}))
        .chain("numbers", "mapped", "out").build();
    assertThatThrownBy(() -> strings.builder().journals(kafka).resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("stage 'mapped' output type is")
        .hasMessageContaining("stage 'out' input type is");

    FlowDefinition extra = FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("mapped", StageKind.TRANSFORM, LONG, LONG, f -> times3plus(0)))
        .stage(StageDefinition.transform("extra", StageKind.TRANSFORM, LONG, LONG, f -> times3plus(0)))
        .stage(StageDefinition.sink("out", LONG, f -> fast()))
        .chain("numbers", "mapped", "extra", "out").build();
    assertThatThrownBy(() -> extra.builder().journals(kafka).resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("stage 'extra' is in the flow, not in the run");

    // the same stages, the sink fed from the source: mapped |> out is gone, numbers |> out is new
    FlowDefinition rewired = FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("mapped", StageKind.TRANSFORM, LONG, LONG, f -> times3plus(0)))
        .stage(StageDefinition.sink("out", LONG, f -> fast()))
        .edge(EdgeDefinition.forward("numbers", "mapped"))
        .edge(EdgeDefinition.forward("numbers", "out"))
        .build();
    assertThatThrownBy(() -> rewired.builder().journals(kafka).resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("is in the run, not in the flow")
        .hasMessageContaining("is in the flow, not in the run");

    assertThatThrownBy(() -> chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder()
        .journals(kafka().topicPrefix("other")).resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("there is no run " + runId);

    assertThat(ends(flow, runId)).as("the refusals wrote nothing, the manifest included").isEqualTo(before);
    FlowResult r = ended(chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder().journals(kafka)
        .resumeRun(runId).start());
    assertThat(r.state()).as(failure(r)).isEqualTo(FlowState.COMPLETED);
    assertThat(kafka.verify(flow, runId)).isEmpty();
  }

  // --- two resumes at once ------------------------------------------------------------------------

  @Test
  void twoResumesOfOneRunAtOnceInOneJvm_notBothSucceed_andNoTopicIsLeftCorruptBehindACompletedManifest()
      throws Exception {
    String flow = "atk-twice";
    long n = 5_000;
    KafkaJournals kafka = kafka();
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(chain(flow, n, () -> times3plus(0), () -> slowAfter(handed, 500, 3)), kafka, handed, 500);

    CountDownLatch go = new CountDownLatch(1);
    List<FlowResult> results = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> refused = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          results.add(ended(chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder().journals(kafka)
              .resumeRun(runId).start()));
        } catch (Throwable e) {
          refused.add(e);
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(180_000);
    }
    List<String> outcomes = new ArrayList<>();
    results.forEach(r -> outcomes.add(r.state() + " " + (r.state() == FlowState.COMPLETED ? "" : failure(r))));
    refused.forEach(e -> outcomes.add("refused " + e));
    System.out.println("two resumes at once: " + outcomes);
    long completed = results.stream().filter(r -> r.state() == FlowState.COMPLETED).count();
    assertThat(completed).as("both resumes completed: %s", outcomes).isLessThan(2);

    Manifest m = kafka.manifest(flow, runId);
    List<String> problems = kafka.verify(flow, runId);
    System.out.println("after both: manifest " + m.status() + ", verify " + problems);
    if ("COMPLETED".equals(m.status())) {
      assertThat(problems).as("the manifest says COMPLETED (outcomes %s)", outcomes).isEmpty();
    }
    // the run is left either complete and whole, or resumable: a third resume completes it whole, or fails saying so
    if (!"COMPLETED".equals(m.status())) {
      int resumesBefore = m.resumes().size();
      long producersBefore = producerThreads();
      FlowHandle third;
      try {
        third = chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder().journals(kafka).resumeRun(runId).start();
      } catch (RuntimeException e) {
        Manifest after = kafka.manifest(flow, runId);
        String observed = "start() threw " + e.getClass().getName() + ": " + e.getMessage() + "; the manifest then says "
            + after.status() + " with " + after.resumes().size() + " resumes (" + resumesBefore + " before); producer"
            + " threads " + producersBefore + " before, " + producerThreads() + " after";
        System.out.println("third resume: " + observed);
        // Engine.start: a resume that cannot open its journals throws a FlowException after closing what it opened
        assertThat(e).as(observed).isInstanceOf(FlowException.class);
        assertThat(after.status()).as("the refused third resume left the manifest so: %s", observed).isEqualTo("FAILED");
        return;
      }
      FlowResult r = ended(third);
      System.out.println("third resume: " + r.state() + " " + failure(r));
      if (r.state() == FlowState.COMPLETED) {
        List<String> after = kafka.verify(flow, runId);
        assertThat(after).as("a third resume COMPLETED a run whose topics the two writers left as they are")
            .isEmpty();
        RunComparison same = RunComparison.compare(memoryRun(chain(flow, n, () -> times3plus(0), SinkSupplier.FAST)),
            third.journals());
        assertThat(same.differences()).as(same.summary()).isEmpty();
      }
    }
  }

  /** Live threads of Kafka producers in this JVM. */
  private static long producerThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive()
        && t.getName().startsWith("kafka-producer-network-thread")).count();
  }

  // --- empty runs, fan-in, Sinks.collect ------------------------------------------------------------

  private static FlowDefinition fanIn(String flow, long a, long b, List<Long> collected) {
    return FlowDefinition.define(flow)
        .stage(StageDefinition.source("left", LONG, f -> Sources.range(a, i -> i + 1)))
        .stage(StageDefinition.source("right", LONG, f -> Sources.range(b, i -> 1_000_000 + i + 1)))
        .stage(StageDefinition.transform("merged", StageKind.TRANSFORM, LONG, LONG,
            f -> (Transform<Long, Long>) (v, o) -> o.emit(v * 2)))
        .stage(StageDefinition.sink("out", LONG, f -> Sinks.collect(collected)))
        .edge(EdgeDefinition.forward("left", "merged"))
        .edge(EdgeDefinition.forward("right", "merged"))
        .edge(EdgeDefinition.forward("merged", "out"))
        .build();
  }

  @Test
  void emptySources_intoAFanIn_cancelledBeforeTheyRan_resumeToAnEmptyCompletedRun() throws Exception {
    String flow = "atk-empty";
    KafkaJournals kafka = kafka();
    List<Long> collected = Collections.synchronizedList(new ArrayList<>());
    FlowHandle first = fanIn(flow, 0, 0, collected).builder().journals(kafka).manualStart().start();
    first.stop(StopMode.CANCEL);
    assertThat(ended(first).state()).isEqualTo(FlowState.CANCELLED);

    FlowHandle resumed = fanIn(flow, 0, 0, collected).builder().journals(kafka).resumeRun(first.runId()).start();
    FlowResult r = ended(resumed);
    assertThat(r.state()).as(failure(r)).isEqualTo(FlowState.COMPLETED);
    assertThat(collected).isEmpty();
    // (the order in which a fan-in takes its inputs' ends of stream is its own: not compared with another run)
    for (String stage : List.of("left", "right", "merged", "out")) {
      assertThat(resumed.journals().data(stage).readAll()).as(stage).extracting(JournalRecord::kind)
          .containsExactly(RecordKind.END_OF_STREAM);
      assertThat(resumed.journals().errors(stage).readAll()).as(stage).extracting(JournalRecord::kind)
          .containsExactly(RecordKind.END_OF_STREAM);
    }
    assertThat(resumed.journals().order("merged").orElseThrow().readAll(RecordKind.CONSUMED)).hasSize(2);
    assertThat(kafka.verify(flow, first.runId())).isEmpty();
    assertThat(kafka.manifest(flow, first.runId()).journals()).containsEntry("out.data", 1L).containsEntry("merged.data", 1L);
  }

  @Test
  void aFanIntoSinksCollect_cancelledMidway_isResumed_eachInputCollectedOnce_andTheOrderJournalFollowed()
      throws Exception {
    String flow = "atk-fanin";
    long a = 1_500;
    long b = 1_500;
    KafkaJournals kafka = kafka();
    List<Long> collected = Collections.synchronizedList(new ArrayList<>());
    AtomicLong handed = new AtomicLong();
    FlowDefinition slow = FlowDefinition.define(flow)
        .stage(StageDefinition.source("left", LONG, f -> Sources.range(a, i -> i + 1)))
        .stage(StageDefinition.source("right", LONG, f -> Sources.range(b, i -> 1_000_000 + i + 1)))
        .stage(StageDefinition.transform("merged", StageKind.TRANSFORM, LONG, LONG,
            f -> (Transform<Long, Long>) (v, o) -> o.emit(v * 2)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {
          collected.add(v);
          if (handed.incrementAndGet() >= 400) {
            Thread.sleep(3);
          }
        }))
        .edge(EdgeDefinition.forward("left", "merged"))
        .edge(EdgeDefinition.forward("right", "merged"))
        .edge(EdgeDefinition.forward("merged", "out"))
        .build();
    String runId = cancelled(slow, kafka, handed, 400);
    FlowHandle resumed = fanIn(flow, a, b, collected).builder().journals(kafka).resumeRun(runId).start();
    FlowResult r = ended(resumed);
    assertThat(r.state()).as(failure(r)).isEqualTo(FlowState.COMPLETED);
    RunView run = resumed.journals();
    List<Long> merged = new ArrayList<>();
    run.data("merged").readAll(RecordKind.DATA).forEach(rec -> merged.add((Long) rec.payload()));
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= a; i++) {
      expected.add(i * 2);
    }
    for (long i = 1; i <= b; i++) {
      expected.add((1_000_000 + i) * 2);
    }
    assertThat(merged).containsExactlyInAnyOrderElementsOf(expected);
    List<Long> receipted = new ArrayList<>();
    run.data("out").readAll(RecordKind.RECEIPT).forEach(rec -> receipted.add(rec.parent().seq()));
    assertThat(receipted).hasSize((int) (a + b));
    for (int i = 0; i < receipted.size(); i++) {
      assertThat(receipted.get(i)).isEqualTo(i + 1L);
    }
    // a sink's input handed but not receipted before the cancel may be delivered again (at least once)
    assertThat(new java.util.HashSet<>(collected)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(kafka.verify(flow, runId)).isEmpty();
  }

  // --- every event dead-lettered ----------------------------------------------------------------------

  private static final AtomicLong REJECTED = new AtomicLong();
  private static volatile boolean slowRejects;

  private static FlowDefinition allRejected(String flow, long n, boolean stateless) {
    return FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("mapped", StageKind.TRANSFORM, LONG, LONG, f -> stateless
            ? (StatelessTransform<Long, Long>) KafkaResumeAttackTest::reject
            : (Transform<Long, Long>) KafkaResumeAttackTest::reject))
        .stage(StageDefinition.sink("out", LONG, f -> fast()))
        .chain("numbers", "mapped", "out")
        .build();
  }

  private static void reject(Long v, dev.weir.api.Emitter<Long> out) throws StageException {
    if (REJECTED.incrementAndGet() >= 300 && slowRejects) {
      try {
        Thread.sleep(3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new StageException(ErrorKind.VALIDATION, "no " + v);
  }

  @Test
  void everyEventDeadLettered_cancelledMidway_resumed_equalsAnUninterruptedRun_plainAndStateless() throws Exception {
    for (boolean stateless : new boolean[] {false, true}) {
      String flow = "atk-rejects-" + (stateless ? "stateless" : "plain");
      long n = 2_000;
      KafkaJournals kafka = kafka();
      REJECTED.set(0);
      slowRejects = true;
      String runId = cancelled(allRejected(flow, n, stateless), kafka, REJECTED, 300);
      slowRejects = false;
      REJECTED.set(0);
      FlowHandle resumed = allRejected(flow, n, stateless).builder().journals(kafka).resumeRun(runId).start();
      FlowResult r = ended(resumed);
      assertThat(r.state()).as("%s: %s", flow, failure(r)).isEqualTo(FlowState.COMPLETED);
      assertThat(resumed.journals().errors("mapped").readAll(RecordKind.ERROR)).as(flow).hasSize((int) n);
      assertThat(resumed.journals().data("out").readAll(RecordKind.RECEIPT)).as(flow).isEmpty();
      RunComparison same = RunComparison.compare(memoryRun(allRejected(flow, n, stateless)), resumed.journals());
      assertThat(same.differences()).as("%s: %s", flow, same.summary()).isEmpty();
      assertThat(kafka.verify(flow, runId)).as(flow).isEmpty();
    }
  }

  // --- a resume cancelled before any stage ran ---------------------------------------------------------

  @Test
  void aSealedResumeCancelledBeforeAnyStageRan_isResumedAgain_whole() throws Exception {
    String flow = "atk-recancel";
    long n = 3_000;
    KafkaJournals kafka = kafka().key("recancel-key".getBytes(StandardCharsets.UTF_8));
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(chain(flow, n, () -> times3plus(0), () -> slowAfter(handed, 300, 5)), kafka, handed, 300);
    Map<String, Long> before = ends(flow, runId);

    FlowHandle idle = chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder().journals(kafka).resumeRun(runId)
        .manualStart().start();
    idle.stop(StopMode.CANCEL);
    FlowResult idleResult = ended(idle);
    assertThat(idleResult.state()).as(failure(idleResult)).isEqualTo(FlowState.CANCELLED);
    Map<String, Long> after = ends(flow, runId);
    after.forEach((t, e) -> {
      if (!t.endsWith(".manifest") && !t.endsWith(".system")) {
        assertThat(e).as("the idle resume wrote nothing to " + t).isEqualTo(before.get(t));
      }
    });
    assertThat(kafka.verify(flow, runId)).as("verify after the idle resume").isEmpty();

    FlowHandle last = chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder().journals(kafka).resumeRun(runId)
        .start();
    FlowResult r = ended(last);
    assertThat(r.state()).as(failure(r)).isEqualTo(FlowState.COMPLETED);
    RunComparison same = RunComparison.compare(memoryRun(chain(flow, n, () -> times3plus(0), SinkSupplier.FAST)),
        last.journals());
    assertThat(same.differences()).as(same.summary()).isEmpty();
    Manifest m = kafka.manifest(flow, runId);
    assertThat(m.resumes()).extracting(Manifest.ResumeEntry::previousStatus).containsExactly("CANCELLED", "CANCELLED");
    assertThat(kafka.verify(flow, runId)).isEmpty();
  }

  // --- another payload limit ---------------------------------------------------------------------------

  private static FlowDefinition words(String flow, long n, AtomicLong handed, long k) {
    return FlowDefinition.define(flow)
        .stage(StageDefinition.source("words", STRING, f -> Sources.range(n, i -> "w".repeat(300) + i)))
        .stage(StageDefinition.transform("mapped", StageKind.TRANSFORM, STRING, STRING,
            f -> (Transform<String, String>) (v, o) -> o.emit(v + "!")))
        .stage(StageDefinition.sink("out", STRING, f -> (Sink<String>) v -> {
          if (handed.incrementAndGet() >= k) {
            Thread.sleep(5);
          }
        }))
        .chain("words", "mapped", "out")
        .build();
  }

  @Test
  void aResumeWithASmallerMaxPayload_goesOnUnderTheRunsLimit_asOnDisk_orIsRefusedUpFront() throws Exception {
    String flow = "atk-payload";
    long n = 2_000;
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(words(flow, n, handed, 200), kafka(), handed, 200);
    assertThat(kafka().manifest(flow, runId).maxPayload()).isEqualTo(KafkaJournals.DEFAULT_MAX_PAYLOAD);

    FlowHandle h;
    long producersBefore = producerThreads();
    try {
      h = words(flow, n, new AtomicLong(), Long.MAX_VALUE).builder().journals(kafka().maxPayload(100))
          .resumeRun(runId).start();
    } catch (RuntimeException e) {
      Thread.sleep(500);
      Manifest after = kafka().manifest(flow, runId);
      String observed = "start() threw " + e.getClass().getName() + ": " + e.getMessage() + "; the manifest then says "
          + after.status() + " with " + after.resumes().size() + " resume(s); producer threads " + producersBefore
          + " before, " + producerThreads() + " after";
      System.out.println("smaller maxPayload: " + observed);
      // refused before anything ran: acceptable, if it is the FlowException Engine.start promises, says why, and
      // leaves the run as it was
      assertThat(e).as(observed).isInstanceOf(FlowException.class);
      assertThat(e.getMessage()).as(observed).contains("payload").doesNotContain("corrupt");
      assertThat(after.resumes()).as(observed).isEmpty();
      return;
    }
    FlowResult r = ended(h);
    // disk journals resume under the limit the run recorded (DiskRunJournals.resume: manifest.maxPayload())
    assertThat(r.state()).as("a resume with maxPayload(100) of a run written under %d bytes: %s",
        KafkaJournals.DEFAULT_MAX_PAYLOAD, failure(r)).isEqualTo(FlowState.COMPLETED);
    assertThat(h.journals().errors("words").readAll(RecordKind.ERROR)).as("words dead-lettered by the resume").isEmpty();
    assertThat(h.journals().errors("mapped").readAll(RecordKind.ERROR)).as("mapped dead-lettered by the resume").isEmpty();
    assertThat(kafka().verify(flow, runId)).isEmpty();
  }

  // --- records another writer appended ------------------------------------------------------------------

  @Test
  void aForeignGarbageRecord_atTheEndOfAStagesTopicMidRun_failsTheResumeNamingTheJournal() throws Exception {
    String flow = "atk-garbage";
    long n = 3_000;
    KafkaJournals kafka = kafka();
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(chain(flow, n, () -> times3plus(0), () -> slowAfter(handed, 300, 5)), kafka, handed, 300);
    String t = topic(flow, runId, "mapped.data");
    long held = ends(flow, runId).get(t);
    assertThat(held).isLessThan(n); // mid-run: no end of stream yet
    appendForeign(t, "not a frame at all".getBytes(StandardCharsets.UTF_8));
    assertThat(kafka.verify(flow, runId)).anyMatch(p -> p.contains(t) && p.contains("offset " + held));

    FlowResult r = ended(chain(flow, n, () -> times3plus(0), SinkSupplier.FAST).builder().journals(kafka)
        .resumeRun(runId).start());
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(failure(r)).contains("mapped.data");
    assertThat(kafka.manifest(flow, runId).status()).isNotEqualTo("COMPLETED");
  }

  /** numbers (1..n) |> mapped |> out, with a sink slow enough that mapped ends long before it. */
  private static FlowDefinition shortChain(String flow, long n, Supplier<Sink<Long>> out) {
    return chain(flow, n, () -> times3plus(0), out);
  }

  @Test
  void aForeignRecordAfterAStagesEndOfStream_mustNotLetTheResumeCompleteSilently() throws Exception {
    String flow = "atk-after-end";
    long n = 20;
    KafkaJournals kafka = kafka();
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(shortChain(flow, n, () -> slowAfter(handed, 1, 300)), kafka, handed, 3);
    String dataTopic = topic(flow, runId, "mapped.data");
    assertThat(ends(flow, runId).get(dataTopic)).as("mapped ended: its 20 outputs and its end of stream").isEqualTo(n + 1);

    // another writer appends a well-formed frame, seq 22, after mapped's end of stream (seq 21)
    FlowDefinition def = shortChain(flow, n, SinkSupplier.FAST);
    FrameCodec codec = FrameCodec.of(spec(def, runId), 1, "mapped.data", KafkaJournals.DEFAULT_MAX_PAYLOAD);
    byte[] frame = codec.encode(n + 2, RecordKind.DATA, 0, 1, -1, 0, 0, 0, System.currentTimeMillis(), 999L, false);
    appendForeign(dataTopic, frame);
    List<String> verifyBefore = kafka.verify(flow, runId);
    System.out.println("verify before the resume: " + verifyBefore);

    FlowHandle h = def.builder().journals(kafka).resumeRun(runId).start();
    FlowResult r = ended(h);
    Manifest m = kafka.manifest(flow, runId);
    List<String> verifyAfter = kafka.verify(flow, runId);
    RunComparison same = RunComparison.compare(memoryRun(shortChain(flow, n, SinkSupplier.FAST)), h.journals());
    String observed = "resume " + r.state() + " (" + failure(r) + "), manifest " + m.status() + " with mapped.data="
        + m.journals().get("mapped.data") + ", verify " + verifyAfter + ", against an uninterrupted run: "
        + same.summary() + " " + same.differences();
    System.out.println(observed);
    assertThat(r.state()).as("the resume of a run whose topic %s holds a record after its end of stream: %s", dataTopic,
        observed).isNotEqualTo(FlowState.COMPLETED);
  }

  @Test
  void aForeignGarbageRecordAfterAStagesEndOfStream_mustNotLetTheResumeCompleteSilently() throws Exception {
    String flow = "atk-garbage-end";
    long n = 20;
    KafkaJournals kafka = kafka();
    AtomicLong handed = new AtomicLong();
    String runId = cancelled(shortChain(flow, n, () -> slowAfter(handed, 1, 300)), kafka, handed, 3);
    String errorsTopic = topic(flow, runId, "mapped.errors");
    assertThat(ends(flow, runId).get(errorsTopic)).as("mapped ended: its error journal's end of stream").isEqualTo(1);
    appendForeign(errorsTopic, "garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(kafka.verify(flow, runId)).anyMatch(p -> p.contains(errorsTopic));

    FlowResult r = ended(shortChain(flow, n, SinkSupplier.FAST).builder().journals(kafka).resumeRun(runId).start());
    Manifest m = kafka.manifest(flow, runId);
    String observed = "resume " + r.state() + " (" + failure(r) + "), manifest " + m.status() + ", verify "
        + kafka.verify(flow, runId);
    System.out.println(observed);
    assertThat(r.state()).as("the resume of a run whose topic %s holds garbage after its end of stream: %s",
        errorsTopic, observed).isNotEqualTo(FlowState.COMPLETED);
  }

  // --- an error budget across a resume --------------------------------------------------------------

  private static final AtomicLong HALF_CALLS = new AtomicLong();
  private static volatile boolean slowHalf;

  private static FlowDefinition halfRejected(String flow, long n) {
    return FlowDefinition.define(flow)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("mapped", StageKind.TRANSFORM, LONG, LONG,
            f -> (StatelessTransform<Long, Long>) (v, o) -> {
              if (HALF_CALLS.incrementAndGet() >= 300 && slowHalf) {
                Thread.sleep(3);
              }
              if (v % 2 == 0) {
                throw new StageException(ErrorKind.VALIDATION, "even " + v);
              }
              o.emit(v);
            }))
        .stage(StageDefinition.sink("out", LONG, f -> fast()))
        .chain("numbers", "mapped", "out")
        .build();
  }

  @Test
  void anErrorBudget_countsTheDeadLettersOfTheInterruptedRun_soTheResumeFailsWhereAnUninterruptedRunFails()
      throws Exception {
    String flow = "atk-budget";
    long n = 2_000;
    dev.weir.flow.ErrorBudget budget = dev.weir.flow.ErrorBudget.maxErrors(400);
    FlowResult whole = ended(halfRejected(flow, n).builder().journals(Journals.memory()).errorBudget("mapped", budget)
        .start());
    assertThat(whole.state()).as("an uninterrupted run over its budget").isEqualTo(FlowState.FAILED);

    KafkaJournals kafka = kafka();
    HALF_CALLS.set(0);
    slowHalf = true;
    FlowHandle h = halfRejected(flow, n).builder().journals(kafka).errorBudget("mapped", budget).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (HALF_CALLS.get() < 600 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    h.stop(StopMode.CANCEL);
    assertThat(ended(h).state()).isEqualTo(FlowState.CANCELLED);
    slowHalf = false;
    long errorsBefore = ends(flow, h.runId()).get(topic(flow, h.runId(), "mapped.errors"));
    assertThat(errorsBefore).as("dead letters of the interrupted run").isBetween(250L, 399L);

    FlowResult r = ended(halfRejected(flow, n).builder().journals(kafka).errorBudget("mapped", budget)
        .resumeRun(h.runId()).start());
    assertThat(r.state()).as("the resumed run, %d dead letters before the resume and a budget of 400 (the"
        + " uninterrupted run: %s)", errorsBefore, failure(whole)).isEqualTo(FlowState.FAILED);
  }
}

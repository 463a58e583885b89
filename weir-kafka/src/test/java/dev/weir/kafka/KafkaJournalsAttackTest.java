package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowBuilder;
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
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on {@link KafkaJournals} against a real broker: topics that exist before the run, a broker
 * stopped mid-run, payloads at the limit and one byte over, 50 stages, fan-in and joins compared with
 * memory journals, reads from another thread while the run writes, reads after the run, a cancel.
 */
class KafkaJournalsAttackTest {

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

  static String describe(JournalRecord r) {
    return r.seq() + " " + r.kind() + " " + r.parent() + " " + r.joined() + " " + r.correlationId() + " " + r.depth()
        + " " + r.fallback() + " " + r.payload();
  }

  static List<String> all(RunView run, String journal) {
    int dot = journal.lastIndexOf('.');
    String stage = journal.substring(0, dot);
    var j = switch (journal.substring(dot + 1)) {
      case "data" -> run.data(stage);
      case "errors" -> run.errors(stage);
      default -> run.order(stage).orElseThrow();
    };
    return j.readAll().stream().map(KafkaJournalsAttackTest::describe).toList();
  }

  private static List<String> payloads(RunView run, String stage) {
    return run.data(stage).readAll(RecordKind.DATA).stream().map(r -> String.valueOf(r.payload())).sorted().toList();
  }

  static FlowHandle completed(FlowBuilder b) throws InterruptedException {
    FlowHandle h = b.start();
    Optional<FlowResult> r = h.await(Duration.ofSeconds(120));
    assertThat(r).as("the run ended").isPresent();
    assertThat(r.get().state()).as(String.valueOf(r.get().failure())).isEqualTo(FlowState.COMPLETED);
    return h;
  }

  // --- many stages ------------------------------------------------------------------------------

  static FlowDefinition manyStages(int n, long items) {
    FlowDefinition.Draft b = FlowDefinition.define("kafka-many")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(items, i -> i + 1)));
    String[] chain = new String[n + 2];
    chain[0] = "numbers";
    for (int i = 1; i <= n; i++) {
      long k = i;
      b.stage(StageDefinition.transform("s" + i, StageKind.TRANSFORM, LONG, LONG, f -> (Transform<Long, Long>) (v, o) -> {
        if ((v + k) % 101 == 0) {
          throw new StageException(dev.weir.api.ErrorKind.VALIDATION, "stage " + k + " refuses " + v);
        }
        o.emit(v + 1);
      }));
      chain[i] = "s" + i;
    }
    b.stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}));
    chain[n + 1] = "out";
    return b.chain(chain).build();
  }

  // --- fan-in and a join --------------------------------------------------------------------------

  private static FlowDefinition fanInJoin() {
    return FlowDefinition.define("kafka-fanin").bufferSize(64)
        .stage(StageDefinition.source("a", LONG, f -> Sources.range(3_000, i -> i + 1)))
        .stage(StageDefinition.source("b", LONG, f -> Sources.range(3_000, i -> 100_000 + i)))
        .stage(StageDefinition.source("rates", LONG, f -> Sources.range(10, i -> i)))
        .stage(StageDefinition.transform("merge", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long v) -> v * 2)))
        .stage(StageDefinition.join("joined", LONG, LONG, LONG, f -> Joins.inner((Long r) -> r, (Long v) -> v % 10,
            (Long r, Long v) -> r * 1_000_000_000L + v)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}))
        .chain("a", "merge", "joined", "out")
        .chain("b", "merge")
        .edge(EdgeDefinition.reference("rates", "joined"))
        .build();
  }

  @Test
  void fanInAndAJoin_journalTheSameRecordsAsMemory_inTheirOwnOrder() throws Exception {
    FlowHandle k = completed(fanInJoin().builder().journals(kafka()));
    FlowHandle m = completed(fanInJoin().builder().journals(Journals.memory().keepAll()));
    for (String exact : List.of("a.data", "b.data", "rates.data")) {
      assertThat(all(k.journals(), exact)).as(exact).isEqualTo(all(m.journals(), exact));
    }
    // a fan-in's order is its own in each run: the same records, and an order journal that accounts for each
    for (String stage : List.of("merge", "joined")) {
      assertThat(payloads(k.journals(), stage)).as(stage).isEqualTo(payloads(m.journals(), stage)).hasSize(6_000);
    }
    long[] consumed = new long[2];
    for (JournalRecord r : k.journals().order("merge").orElseThrow().readAll(RecordKind.CONSUMED)) {
      dev.weir.event.Consumed c = (dev.weir.event.Consumed) r.payload();
      consumed[c.input()] += c.count();
    }
    assertThat(consumed).as("each input's events and its end of stream").containsExactly(3_001, 3_001);
    assertThat(k.journals().data("out").readAll(RecordKind.RECEIPT)).hasSize(6_000);
  }

  // --- payloads at the limit --------------------------------------------------------------------

  /** A source of one string of {@code length} characters (ASCII), then a map that keeps it. */
  private static FlowDefinition onePayload(int length) {
    return FlowDefinition.define("kafka-limit")
        .stage(StageDefinition.source("big", STRING, f -> Sources.of(List.of("y".repeat(length), "small"))))
        .stage(StageDefinition.transform("kept", StageKind.TRANSFORM, STRING, STRING, f -> Transforms.map((String s) -> s)))
        .stage(StageDefinition.sink("out", STRING, f -> (Sink<String>) v -> {}))
        .chain("big", "kept", "out")
        .build();
  }

  /** How many bytes more than its length a string payload encodes to, read from the refusal of one at the limit. */
  private static int overhead(int limit) throws Exception {
    FlowResult r = onePayload(limit).builder().journals(kafka().maxPayload(limit)).start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    String msg = r.failure().orElseThrow().getMessage();
    java.util.regex.Matcher mm = java.util.regex.Pattern.compile("seq 1 is (\\d+) bytes").matcher(msg);
    assertThat(mm.find()).as(msg).isTrue();
    return Integer.parseInt(mm.group(1)) - limit;
  }

  private void atTheLimit(int limit) throws Exception {
    int over = overhead(limit);
    assertThat(over).isPositive();
    FlowHandle h = completed(onePayload(limit - over).builder().journals(kafka().maxPayload(limit)));
    assertThat(h.journals().data("kept").readAll(RecordKind.DATA)).hasSize(2)
        .first().satisfies(rec -> assertThat(String.valueOf(rec.payload())).hasSize(limit - over));
    FlowResult r = onePayload(limit - over + 1).builder().journals(kafka().maxPayload(limit)).start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("journal big.data: the DATA payload that would have been seq 1 is " + (limit + 1) + " bytes")
        .contains("more than the maximum of " + limit);
  }

  @Test
  void aPayloadOfExactlyTheLimit_isJournaled_andOneByteMore_failsTheRun_smallLimit() throws Exception {
    atTheLimit(1_000);
  }

  @Test
  void aPayloadOfExactlyTheLimit_isJournaled_andOneByteMore_failsTheRun_overKafkasDefaultMessageSize() throws Exception {
    atTheLimit(3_000_000);
  }

  /** The payload limit holds for the system journal too: a limit below its events fails the run, naming that journal. */
  @Test
  void aLimitBelowTheSystemJournalsEvents_failsTheRunNamingTheSystemJournal() throws Exception {
    FlowResult r = onePayload(10).builder().journals(kafka().maxPayload(64)).start().await(Duration.ofSeconds(120))
        .orElseThrow();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("the system journal of flow 'kafka-limit' failed")
        .contains("journal system: the SYSTEM payload that would have been seq ").contains("more than the maximum of 64");
  }

  @Test
  void aSmallLimit_withManySmallRecordsBatchedTogether_stillCompletes() throws Exception {
    // the producer batches records (16 kB) past the topics' max.message.bytes (limit + 1024): the broker refuses such a batch and the producer splits it
    FlowDefinition def = FlowDefinition.define("kafka-small-limit")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(20_000, i -> i)))
        .stage(StageDefinition.transform("kept", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long v) -> v + 1)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "kept", "out")
        .build();
    FlowHandle h = completed(def.builder().journals(kafka().maxPayload(1_000)));
    assertThat(h.journals().data("kept").readAll(RecordKind.DATA)).hasSize(20_000);
  }

  // --- existing topics ----------------------------------------------------------------------------

  @Test
  void aTopicThatExistsBeforeTheRun_failsTheStartNamingIt() throws Exception {
    FlowDefinition def = onePayload(10);
    FlowHandle first = completed(def.builder().journals(kafka()));
    String[] parts = first.runId().split("-");
    long next = Long.parseLong(parts[2]) + 1;
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    List<NewTopic> squat = new ArrayList<>();
    for (int s = 0; s < 20; s++) { // the ids the next run may take, one per second from now
      String id = now.plusSeconds(s).format(f) + "-" + parts[1] + "-" + next;
      squat.add(new NewTopic(TopicNames.of("weir", "kafka-limit", id, "kept.data"), 1, (short) 1));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
      admin.createTopics(squat).all().get(30, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> def.builder().journals(kafka()).start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("cannot create the run's topics on " + broker.bootstrap())
        .hasMessageContaining("kept.data")
        .hasMessageContaining("is another run writing them?");
    java.util.Set<String> squatted = new java.util.HashSet<>();
    squat.forEach(t -> squatted.add(t.name()));
    List<String> leftover;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
      leftover = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> squatted.stream().anyMatch(q -> t.startsWith(q.substring(0, q.length() - "kept.data".length()))))
          .filter(t -> !squatted.contains(t)).sorted().toList();
    }
    assertThat(leftover).as("topics the refused run created and left behind").isEmpty();
  }

  // --- reading while it runs, after it ran ------------------------------------------------------

  @Test
  void readingJournalsFromAnotherThreadWhileTheFlowRuns_seesAGrowingPrefix() throws Exception {
    FlowDefinition def = manyStages(3, 30_000);
    FlowHandle h = def.builder().journals(kafka()).start();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    AtomicLong reads = new AtomicLong();
    List<String> lastSeen = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try {
        long seen = 0;
        while (!h.status().state().isTerminal() || seen == 0) {
          var j = h.journals().data("s2");
          long last = j.lastSeq();
          if (last > seen) {
            List<JournalRecord> got = j.read(Math.max(1, last - 500), 1_000);
            assertThat(got).isNotEmpty();
            assertThat(got.get(0).seq()).isEqualTo(Math.max(1, last - 500));
            for (int i = 1; i < got.size(); i++) {
              assertThat(got.get(i).seq()).isEqualTo(got.get(i - 1).seq() + 1);
            }
            synchronized (lastSeen) {
              lastSeen.clear();
              got.forEach(r -> lastSeen.add(describe(r)));
            }
            seen = last;
            reads.incrementAndGet();
          }
          Thread.sleep(5);
        }
      } catch (Throwable t) {
        failed.set(t);
      }
    }, "journal-reader");
    reader.start();
    FlowResult r = h.await(Duration.ofSeconds(120)).orElseThrow();
    reader.join(60_000);
    assertThat(failed.get()).as("the reader thread").isNull();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(reads.get()).isPositive();
    List<String> whole = all(h.journals(), "s2.data");
    assertThat(whole).containsAll(lastSeen);
  }

  @Test
  void aHandlesJournals_readAfterTheRunCompletedAndTheHandleClosed_equalMemory() throws Exception {
    FlowHandle k = completed(manyStages(2, 2_000).builder().journals(kafka()));
    FlowHandle m = completed(manyStages(2, 2_000).builder().journals(Journals.memory().keepAll()));
    k.close();
    assertThat(all(k.journals(), "s2.data")).isEqualTo(all(m.journals(), "s2.data")).hasSizeGreaterThan(1_900);
    assertThat(k.journals().data("s1").read(1_000, 2)).extracting(JournalRecord::seq).containsExactly(1_000L, 1_001L);
    assertThat(k.journals().system().readAll()).isNotEmpty();
  }

  // --- cancel, broker stopped -------------------------------------------------------------------

  private static FlowDefinition gated(CountDownLatch reached, CountDownLatch release, long k) {
    AtomicLong seen = new AtomicLong();
    return FlowDefinition.define("kafka-gated").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(50_000, i -> i + 1)))
        .stage(StageDefinition.transform("kept", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long v) -> v * 3)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {
          if (seen.incrementAndGet() == k) {
            reached.countDown();
            release.await();
          }
        }))
        .chain("numbers", "kept", "out")
        .build();
  }

  @Test
  void aCancelMidRun_endsCancelled_andLeavesContiguousReadableJournals() throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FlowHandle h = gated(reached, release, 1_000).builder().journals(kafka()).start();
    assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.CANCEL);
    release.countDown();
    FlowResult r = h.await(Duration.ofSeconds(60)).orElseThrow();
    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    List<JournalRecord> kept = h.journals().data("kept").readAll(RecordKind.DATA);
    assertThat(kept).isNotEmpty();
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i).seq()).isEqualTo(i + 1L);
      assertThat(String.valueOf(kept.get(i).payload())).isEqualTo(String.valueOf((i + 1L) * 3));
    }
    assertThat(h.journals().data("out").readAll(RecordKind.RECEIPT).size()).isBetween(999, kept.size());
  }

  @Test
  void aBrokerStoppedMidRun_failsTheRunNamingTheTopic_withinItsTimeout() throws Exception {
    KafkaBroker own = KafkaBroker.start();
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FlowHandle h;
    try {
      h = gated(reached, release, 1_000).builder()
          .journals(KafkaJournals.options().bootstrap(own.bootstrap()).replicationFactor(1).timeout(Duration.ofSeconds(3)))
          .start();
      assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      own.close();
    }
    release.countDown();
    Optional<FlowResult> r = h.await(Duration.ofSeconds(90));
    assertThat(r).as(() -> "the run ended instead of hanging; its threads:\n" + threadDump()).isPresent();
    assertThat(r.get().state()).isEqualTo(FlowState.FAILED);
    assertThat(r.get().failure().orElseThrow().getMessage()).contains("topic weir.kafka-gated." + h.runId() + ".");
  }

  private static String threadDump() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces().forEach((t, stack) -> {
      out.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
      for (StackTraceElement e : stack) {
        out.append("    at ").append(e).append('\n');
      }
    });
    return out.toString();
  }
}

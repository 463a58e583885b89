package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.RunView;
import dev.weir.flow.StopMode;
import dev.weir.event.SystemEvent;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunComparison;
import dev.weir.resume.ResumeFlows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A run on {@link KafkaJournals} killed with SIGKILL in a child JVM ({@link KafkaResumeChild}) at
 * seeded points, then resumed from its topics ({@code resumeRun(runId)}), some of them killed again
 * while resumed: every journal equals, record for record, those of an uninterrupted run of the same
 * flow; the sink's receipts are 1..n once each; the manifest topic records each resume; with a key,
 * the batches' seals chain across the resumes and the run's seal holds. And the refusals: a completed
 * run, an unknown run id, a run stopped gracefully.
 */
class KafkaResumeTest {

  private static final long N = 6_000;
  private static final String FLOW = "resume-chain";

  private static KafkaBroker broker;
  private static RunView reference;

  @BeforeAll
  static void startBrokerAndRunOnce() throws Exception {
    broker = KafkaBroker.start();
    FlowHandle h = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(Journals.memory().keepAll()).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    reference = h.journals();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static KafkaJournals kafka(String key) {
    return KafkaJournals.options().bootstrap(broker.bootstrap()).replicationFactor(1)
        .key(key.equals("-") ? null : key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void killMinus9_atTwentySeededPoints_thenResumedFromTheTopics_journalsExactlyAnUninterruptedRun() throws Exception {
    kills(1, 20);
  }

  @Test
  @Tag("long")
  void killMinus9_atOneHundredSeededPoints_thenResumedFromTheTopics_journalsExactlyAnUninterruptedRun() throws Exception {
    kills(1000, 100);
  }

  private void kills(int firstSeed, int seeds) throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
      long t0 = System.nanoTime();
      Outcome o = killAndResume(seed);
      outcomes.merge(o, 1, Integer::sum);
      System.out.println("seed " + seed + ": " + o + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
    System.out.println("kafka resume kill test: " + outcomes);
    assertThat(outcomes.getOrDefault(Outcome.NOT_KILLED, 0)).as("seeds that completed before their kill")
        .isLessThan(seeds / 4 + 1);
    assertThat(outcomes.getOrDefault(Outcome.RESUMED_TWICE, 0)).as("seeds killed again while resumed")
        .isGreaterThanOrEqualTo(seeds / 6);
  }

  private Outcome killAndResume(int seed) throws Exception {
    Random random = new Random(seed);
    boolean resumable = seed % 2 == 0; // half the seeds read a plain source again from its start
    String key = seed % 3 == 1 ? "key-" + seed : "-";
    KafkaJournals kafka = kafka(key);
    Child first = Child.run(seed, "first", resumable, key, "-", killPoint(random));
    String runId = first.runId;
    if (!first.killed || completed(kafka, runId)) {
      return Outcome.NOT_KILLED;
    }
    boolean again = seed % 3 == 0;
    if (again) {
      Child second = Child.run(seed, "second", resumable, key, runId, killPoint(random));
      assertThat(second.runId).isEqualTo(runId);
      if (!second.killed) {
        assertThat(second.result).as("seed %d: %s", seed, second.lines).startsWith("RESULT COMPLETED " + N + " ");
      }
    }
    long t0 = System.nanoTime();
    if (!completed(kafka, runId)) {
      FlowHandle h = ResumeFlows.chain(N, resumable, () -> v -> {}, () -> v -> {}).builder().journals(kafka)
          .resumeRun(runId).start();
      FlowResult r = h.await(Duration.ofMinutes(2)).orElseThrow(() -> new AssertionError("seed " + seed + ": hangs"));
      assertThat(r.state()).as("seed %d: %s", seed, r.failure()).isEqualTo(FlowState.COMPLETED);
      assertThat(r.stage("numbers").emitted()).as("seed %d: the result counts the whole run", seed).isEqualTo(N);
    }
    System.out.println("  resumed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    t0 = System.nanoTime();
    Manifest m = kafka.manifest(FLOW, runId);
    assertThat(m.status()).as("seed %d", seed).isEqualTo("COMPLETED");
    assertThat(m.resumes()).as("seed %d: resumes recorded", seed).hasSizeBetween(1, again ? 2 : 1);
    assertThat(m.resumes().get(0).previousStatus()).isEqualTo("CRASHED");
    try (KafkaRun run = kafka.run(ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}), runId)) {
      RunComparison same = RunComparison.compare(reference, run);
      assertThat(same.differences()).as("seed %d: the resumed run against an uninterrupted one (%s)", seed,
          same.summary()).isEmpty();
      assertThat(same.journalsCompared()).as("data and errors of 8 stages, order of joined and sums").isEqualTo(18);
      long joined = run.data("joined").recordsBeforeEnd();
      List<Long> receipted = new ArrayList<>();
      for (JournalRecord rec : run.data("out").readAll(RecordKind.RECEIPT)) {
        receipted.add(rec.parent().seq());
      }
      assertThat(receipted).as("seed %d: receipts of out", seed).hasSize((int) joined);
      for (int i = 0; i < receipted.size(); i++) {
        assertThat(receipted.get(i)).isEqualTo(i + 1L);
      }
      // the contracts of the last run over the whole run passed, none failed on the way
      List<SystemEvent.Type> contracts = run.system().readAll().stream().map(JournalRecord::payload)
          .filter(SystemEvent.class::isInstance).map(p -> ((SystemEvent) p).type()).toList();
      assertThat(contracts).as("seed %d: contract records", seed).doesNotContain(SystemEvent.Type.CONTRACT_FAILED)
          .contains(SystemEvent.Type.CONTRACT_PASSED);
    }
    assertThat(kafka.verify(FLOW, runId)).as("seed %d: verify", seed).isEmpty();
    System.out.println("  checked in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    return again ? Outcome.RESUMED_TWICE : Outcome.RESUMED;
  }

  private static boolean completed(KafkaJournals kafka, String runId) throws Exception {
    return "COMPLETED".equals(kafka.manifest(FLOW, runId).status());
  }

  private enum Outcome { NOT_KILLED, RESUMED, RESUMED_TWICE }

  /** When the sink is handed input k ({@code at:k}), or after some milliseconds. */
  private static String killPoint(Random random) {
    return random.nextInt(3) == 0 ? "ms:" + (150 + random.nextInt(700)) : "at:" + (1 + random.nextInt((int) (N * 0.95)));
  }

  @Test
  void aCompletedRun_anUnknownRunId_andAGracefullyStoppedRun_areRefusedSayingWhy() throws Exception {
    KafkaJournals kafka = kafka("-");
    FlowHandle done = ResumeFlows.chain(200, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka).start();
    assertThat(done.await().state()).isEqualTo(FlowState.COMPLETED);
    assertThatThrownBy(() -> ResumeFlows.chain(200, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka)
        .resumeRun(done.runId()).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("cannot resume run " + done.runId())
        .hasMessageContaining("it completed");
    assertThatThrownBy(() -> ResumeFlows.chain(200, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka)
        .resumeRun("20990101T000000Z-1-1").start())
        .isInstanceOf(FlowException.class).hasMessageContaining("there is no run 20990101T000000Z-1-1 of flow '" + FLOW + "'")
        .hasMessageContaining(done.runId());
    assertThatThrownBy(() -> ResumeFlows.chain(200, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka)
        .resumeRun("../x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a run id");
    assertThatThrownBy(() -> ResumeFlows.chain(200, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(Journals.memory()).resumeRun(done.runId()).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("keep no runs to resume");

    java.util.concurrent.atomic.AtomicLong handed = new java.util.concurrent.atomic.AtomicLong();
    FlowHandle stopped = ResumeFlows.chain(1_000_000, true, () -> v -> handed.incrementAndGet(), () -> v -> {}).builder()
        .journals(kafka).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (handed.get() < 1000 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    stopped.stop(StopMode.GRACEFUL);
    assertThat(stopped.await().state()).isEqualTo(FlowState.COMPLETED);
    assertThatThrownBy(() -> ResumeFlows.chain(1_000_000, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka)
        .resumeRun(stopped.runId()).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("it was stopped gracefully")
        .hasMessageContaining("cannot cut records off");
  }

  @Test
  void aCancelledRun_isResumedInThisJvm_andAResumedRunCanBeCancelledAndResumedAgain() throws Exception {
    KafkaJournals kafka = kafka("cancel-key");
    long n = 20_000;
    java.util.concurrent.atomic.AtomicLong handed = new java.util.concurrent.atomic.AtomicLong();
    FlowHandle first = ResumeFlows.chain(n, true, () -> v -> handed.incrementAndGet(), () -> v -> {}).builder()
        .journals(kafka).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (handed.get() < 2_000 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    first.stop(StopMode.CANCEL);
    assertThat(first.await().state()).isEqualTo(FlowState.CANCELLED);
    FlowHandle second = ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka)
        .resumeRun(first.runId()).start();
    Thread.sleep(200);
    second.stop(StopMode.CANCEL);
    FlowResult r2 = second.await();
    FlowHandle last = r2.state() == FlowState.COMPLETED ? second
        : ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka).resumeRun(first.runId()).start();
    FlowResult r = last.await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("numbers").emitted()).isEqualTo(n);
    FlowHandle memory = ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(Journals.memory().keepAll()).start();
    assertThat(memory.await().state()).isEqualTo(FlowState.COMPLETED);
    RunComparison same = RunComparison.compare(memory.journals(), last.journals());
    assertThat(same.differences()).as(same.summary()).isEmpty();
    Manifest m = kafka.manifest(FLOW, first.runId());
    assertThat(m.resumes()).extracting(Manifest.ResumeEntry::previousStatus).first().isEqualTo("CANCELLED");
    assertThat(m.journals()).containsEntry("out.data", last.journals().data("out").lastSeq());
    assertThat(kafka.verify(FLOW, first.runId())).isEmpty();
  }

  @Test
  void anotherKey_noKey_andADeletedTopic_areRefused_andAnEditedManifestFailsVerify() throws Exception {
    KafkaJournals sealed = kafka("the-key");
    long n = 5_000;
    java.util.concurrent.atomic.AtomicLong handed = new java.util.concurrent.atomic.AtomicLong();
    FlowHandle cancelled = ResumeFlows.chain(n, true, () -> v -> handed.incrementAndGet(), () -> v -> {}).builder()
        .journals(sealed).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (handed.get() < 500 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    cancelled.stop(StopMode.CANCEL);
    assertThat(cancelled.await().state()).isIn(FlowState.CANCELLED, FlowState.COMPLETED);
    String runId = cancelled.runId();
    assertThatThrownBy(() -> ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(kafka("another-key")).resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("is not sealed with this key");
    assertThatThrownBy(() -> ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(kafka("-")).resumeRun(runId).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("it was sealed with an HMAC key, and none was given");
    // the refusals wrote nothing: the right key resumes it
    FlowResult r = ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder().journals(sealed).resumeRun(runId)
        .start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(sealed.verify(FLOW, runId)).isEmpty();

    // a manifest edited after the run: counts that do not match, a status the seal does not cover
    Manifest m = sealed.manifest(FLOW, runId);
    java.util.TreeMap<String, Long> counts = new java.util.TreeMap<>(m.journals());
    counts.put("out.data", counts.get("out.data") - 1);
    String topic = "weir." + FLOW + "." + runId + ".manifest";
    forge(topic, m.withJournals(counts, m.seal()));
    assertThat(sealed.verify(FLOW, runId)).anyMatch(p -> p.contains("journal out.data")
        && p.contains("the manifest records " + (m.journals().get("out.data") - 1)));
    forge(topic, m.ended("FAILED", m.ended(), "edited").withJournals(m.journals(), m.seal()));
    assertThat(sealed.verify(FLOW, runId)).anyMatch(p -> p.contains("the run's seal in its manifest does not match"));

    // a run whose topic was deleted
    FlowHandle second = ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka("-"))
        .manualStart().start();
    second.stop(StopMode.CANCEL);
    second.await();
    String gone = "weir." + FLOW + "." + second.runId() + ".priced.data";
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
        org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
      admin.deleteTopics(List.of(gone)).all().get();
    }
    assertThatThrownBy(() -> ResumeFlows.chain(n, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka("-"))
        .resumeRun(second.runId()).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("lacks the topics [" + gone + "]");
    assertThat(kafka("-").verify(FLOW, second.runId())).anyMatch(p -> p.contains("its topic " + gone + " is missing"));
  }

  /** Writes {@code m} to the manifest topic as another writer would. */
  private static void forge(String topic, Manifest m) throws Exception {
    try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> p = new org.apache.kafka.clients.producer.KafkaProducer<>(
        Map.of(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
            org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            org.apache.kafka.common.serialization.ByteArraySerializer.class,
            org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
      p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, 0, "manifest".getBytes(StandardCharsets.UTF_8),
          m.toJson())).get();
    }
  }

  /** One child JVM's run, killed at its kill point unless it completed first. */
  private static final class Child {
    String runId;
    boolean killed;
    String result;
    final List<String> lines = new ArrayList<>();

    static Child run(int seed, String which, boolean resumable, String key, String resume, String kill) throws Exception {
      Child c = new Child();
      long t0 = System.nanoTime();
      long k = kill.startsWith("at:") ? Long.parseLong(kill.substring(3)) : 0;
      try (ChildJvm jvm = ChildJvm.start("kafka-resume-" + seed + "-" + which, KafkaResumeChild.class,
          broker.bootstrap(), String.valueOf(N), String.valueOf(k), String.valueOf(resumable), key, resume)) {
        String running = jvm.nextLine(Duration.ofSeconds(60));
        c.lines.add(running);
        assertThat(running).as("seed %d %s", seed, which).startsWith("RUNNING ");
        c.runId = running.substring("RUNNING ".length());
        System.out.println("  " + which + " running after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        long killAt = kill.startsWith("ms:") ? System.nanoTime() + Long.parseLong(kill.substring(3)) * 1_000_000 : Long.MAX_VALUE;
        while (true) {
          long hang = Duration.ofSeconds(120).toMillis();
          long wait = Math.min(hang, Math.max(1, (killAt - System.nanoTime()) / 1_000_000));
          String line;
          try {
            line = jvm.nextLine(Duration.ofMillis(wait));
          } catch (AssertionError noLine) {
            if (wait < hang && jvm.isAlive()) { // its kill time came
              jvm.kill();
              c.killed = true;
              return c;
            }
            throw noLine;
          }
          c.lines.add(line);
          if (line.startsWith("AT ")) {
            jvm.kill();
            c.killed = true;
            return c;
          }
          if (line.startsWith("RESULT ") || line.startsWith("FAILED ")) {
            c.result = line;
            assertThat(line).as("seed %d %s: %s", seed, which, jvm.stderrTail()).startsWith("RESULT ");
            return c;
          }
        }
      }
    }
  }
}

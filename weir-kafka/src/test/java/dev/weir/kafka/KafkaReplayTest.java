package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import dev.weir.replay.ReplayVerifier;
import dev.weir.resume.ResumeFlows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on {@link KafkaJournals} replayed from its topics ({@code FlowBuilder.replayRun}): the
 * sources' topics replace the sources, the async effect and the sinks take their outcomes from the
 * topics instead of acting again (unless {@code replayLiveEffects()}), and every stage of the replay
 * journals what the original journaled ({@link ReplayVerifier}, what {@code --verify} runs). Refused,
 * saying why: an unknown run, a run that did not complete, another key, replaying two ways at once.
 */
class KafkaReplayTest {

  private static final long N = 3_000;
  private static final String FLOW = "resume-chain";
  private static final byte[] KEY = "replay-key".getBytes(StandardCharsets.UTF_8);

  private static KafkaBroker broker;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static KafkaJournals kafka(byte[] key) {
    return KafkaJournals.options().bootstrap(broker.bootstrap()).replicationFactor(1).key(key);
  }

  @Test
  void aRunReplayedFromItsTopics_journalsWhatItJournaled_withoutCallingTheEffectAgain() throws Exception {
    KafkaJournals kafka = kafka(KEY);
    FlowHandle original = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka).start();
    assertThat(original.await().state()).isEqualTo(FlowState.COMPLETED);
    String runId = original.runId();

    long calls = ResumeFlows.PRICED_CALLS.get();
    AtomicLong delivered = new AtomicLong();
    FlowHandle replay = ResumeFlows.chain(N, true, () -> v -> delivered.incrementAndGet(), () -> v -> {}).builder()
        .journals(Journals.memory().keepAll()).replayRun(kafka, runId).start();
    FlowResult r = replay.await(Duration.ofMinutes(2)).orElseThrow(() -> new AssertionError("replay hangs"));
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(ResumeFlows.PRICED_CALLS.get() - calls).as("calls of the async effect on a replay").isZero();
    assertThat(r.stage("numbers").emitted()).isEqualTo(N);
    try (KafkaRun topics = kafka.run(ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}), runId)) {
      assertThat(topics.status()).isEqualTo("COMPLETED");
      assertThat(ReplayVerifier.compare(topics.stageNames(), topics::data, replay.journals()::data, 10))
          .as("--verify of the replay against the topics").isEmpty();
      assertThat(delivered.get()).as("the sink is delivered to again (not an effect)")
          .isEqualTo(topics.data("joined").recordsBeforeEnd());
    }

    // with live effects, the effect is called again for every input that reaches it
    long before = ResumeFlows.PRICED_CALLS.get();
    FlowResult live = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(Journals.memory()).replayRun(kafka, runId).replayLiveEffects().start().await();
    assertThat(live.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(ResumeFlows.PRICED_CALLS.get() - before).isEqualTo(N - N / 97);

    // a replay on disk journals records what it replays
    FlowHandle onDisk = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(Journals.disk(tmp)).replayRun(kafka, runId).start();
    assertThat(onDisk.await().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(Manifest.read(onDisk.journals().directory().orElseThrow()).replayOf())
        .isEqualTo("run " + runId + " in " + kafka);
  }

  @Test
  void anUnknownRun_anIncompleteRun_anotherKey_andTwoReplaysAtOnce_areRefusedSayingWhy() throws Exception {
    KafkaJournals kafka = kafka(KEY);
    assertThat(failure(ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder()
        .replayRun(kafka, "20990101T000000Z-1-1")))
        .contains("cannot replay run 20990101T000000Z-1-1")
        .contains("there is no run 20990101T000000Z-1-1 of flow '" + FLOW + "'");

    AtomicLong handed = new AtomicLong();
    FlowHandle cancelled = ResumeFlows.chain(200_000, true, () -> v -> handed.incrementAndGet(), () -> v -> {})
        .builder().journals(kafka).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (handed.get() < 500 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    cancelled.stop(StopMode.CANCEL);
    assertThat(cancelled.await().state()).isEqualTo(FlowState.CANCELLED);
    assertThat(failure(ResumeFlows.chain(200_000, true, () -> v -> {}, () -> v -> {}).builder()
        .replayRun(kafka, cancelled.runId())))
        .contains("did not complete (status CANCELLED)").contains("allow it");
    FlowResult partial = ResumeFlows.chain(200_000, true, () -> v -> {}, () -> v -> {}).builder()
        .replayRun(kafka, cancelled.runId()).allowIncomplete().start().await();
    assertThat(partial.state()).as(String.valueOf(partial.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(partial.stage("numbers").emitted()).isPositive().isLessThan(200_000);

    FlowHandle done = ResumeFlows.chain(100, true, () -> v -> {}, () -> v -> {}).builder().journals(kafka).start();
    assertThat(done.await().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(failure(ResumeFlows.chain(100, true, () -> v -> {}, () -> v -> {}).builder()
        .replayRun(kafka("another-key".getBytes(StandardCharsets.UTF_8)), done.runId())))
        .contains("it is not whole").contains("HMAC mismatch");
    assertThatThrownBy(() -> ResumeFlows.chain(100, true, () -> v -> {}, () -> v -> {}).builder()
        .replayRun(kafka, done.runId()).replayFrom(Path.of("somewhere")).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("replays either a run directory");
    assertThatThrownBy(() -> ResumeFlows.chain(100, true, () -> v -> {}, () -> v -> {}).builder()
        .replayRun(kafka, done.runId()).resumeRun(done.runId()).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("or replays (replayRun " + done.runId() + ")");
  }

  /** A replay that cannot start fails its run before any stage runs (it does not throw): why. */
  private static String failure(dev.weir.flow.FlowBuilder replay) throws InterruptedException {
    FlowResult r = replay.start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    return r.failure().map(Throwable::getMessage).orElseThrow();
  }
}

package dev.weir.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.DeliveryKey;
import dev.weir.api.Effect;
import dev.weir.api.FileSinkMode;
import dev.weir.api.KeyedSink;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Effects on replay and resume, keyed sinks told of retries, graceful stops and file sinks resumed. */
class EffectsTest {

  private static final long N = 20_000;

  @TempDir
  Path dir;

  @Test
  void aReplay_takesAnAsyncEffectsOutcomesFromTheArchive_unlessLiveEffectsAreAskedFor() throws Exception {
    FlowHandle first = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder().journals(Journals.disk(dir))
        .start();
    assertThat(first.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = first.journals().directory().orElseThrow();
    long before = ResumeFlows.PRICED_CALLS.get();
    FlowResult replay = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder().journals(Journals.memory())
        .replayFrom(runDir).start().await();
    assertThat(replay.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(ResumeFlows.PRICED_CALLS.get() - before).as("calls of the effect on a replay").isZero();
    assertThat(replay.stage("priced").emitted()).isEqualTo(N - N / 97);
    before = ResumeFlows.PRICED_CALLS.get();
    FlowResult live = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder().journals(Journals.memory())
        .replayFrom(runDir).replayLiveEffects().start().await();
    assertThat(live.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(ResumeFlows.PRICED_CALLS.get() - before).isEqualTo(N - N / 97);
  }

  @Test
  void aSinkThatIsAnEffect_isNotCalledOnAReplay() throws Exception {
    List<Long> got = new ArrayList<>();
    class Charging implements Sink<Long>, Effect {
      @Override
      public void consume(Long item) {
        got.add(item);
      }
    }
    FlowDefinition def = FlowDefinition.define("charging")
        .stage(StageDefinition.source("numbers", ResumeFlows.LONG, f -> Sources.range(100, i -> i)))
        .stage(StageDefinition.sink("charge", ResumeFlows.LONG, f -> new Charging()))
        .chain("numbers", "charge")
        .build();
    FlowHandle first = def.builder().journals(Journals.disk(dir)).start();
    assertThat(first.await().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(100);
    FlowResult replay = def.builder().journals(Journals.memory()).replayFrom(first.journals().directory().orElseThrow())
        .start().await();
    assertThat(replay.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).as("the replay copied the sink's receipts").hasSize(100);
    def.builder().journals(Journals.memory()).replayFrom(first.journals().directory().orElseThrow())
        .replayLiveEffects().start().await();
    assertThat(got).hasSize(200);
  }

  @Test
  void anEffectOnAPlainTransform_isRefusedAtStart() throws Exception {
    class Mailing implements Transform<Long, Long>, Effect {
      @Override
      public void process(Long in, dev.weir.api.Emitter<Long> out) {
        out.emit(in);
      }
    }
    FlowDefinition def = FlowDefinition.define("mailing")
        .stage(StageDefinition.source("numbers", ResumeFlows.LONG, f -> Sources.range(10, i -> i)))
        .stage(StageDefinition.transform("mail", StageKind.TRANSFORM, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> new Mailing()))
        .stage(StageDefinition.sink("out", ResumeFlows.LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "mail", "out")
        .build();
    FlowResult r = def.builder().journals(Journals.memory()).start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("stage 'mail' is declared an Effect, but it is a TRANSFORM");
  }

  @Test
  void aResumedKeyedSink_isToldWhichDeliveriesMayBeRetries() throws Exception {
    List<DeliveryKey> retries = new ArrayList<>();
    List<DeliveryKey> fresh = new ArrayList<>();
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    long[] seen = {0};
    Supplier<Sink<Long>> blocking = () -> (KeyedSink<Long>) (v, key) -> {
      if (++seen[0] == 5_000) {
        reached.countDown();
        never.await();
      }
    };
    FlowHandle h = ResumeFlows.chain(N, true, blocking, () -> v -> {}).builder().journals(Journals.disk(dir)).start();
    assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.CANCEL);
    assertThat(h.await().state()).isEqualTo(FlowState.CANCELLED);
    Path runDir = h.journals().directory().orElseThrow();
    KeyedSink<Long> telling = new KeyedSink<>() {
      @Override
      public void consume(Long item, DeliveryKey key) {
        throw new AssertionError("the runtime calls the three-argument consume");
      }

      @Override
      public void consume(Long item, DeliveryKey key, boolean mayBeRetry) {
        (mayBeRetry ? retries : fresh).add(key);
      }
    };
    FlowResult r = ResumeFlows.chain(N, true, () -> telling, () -> v -> {}).builder().journals(Journals.disk(dir))
        .resumeFrom(runDir).start().await();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    Manifest.ResumeEntry resume = Manifest.read(runDir).resumes().get(0);
    long receipted = resume.kept().get("out.data");
    long handed = resume.kept().get("joined.data");
    assertThat(retries).as("the batch the sink was in when the run was cancelled").isNotEmpty();
    for (DeliveryKey k : retries) {
      assertThat(k.run()).isEqualTo(runDir.getFileName().toString());
      assertThat(k.seq()).isGreaterThan(receipted).isLessThanOrEqualTo(handed);
    }
    assertThat(retries.get(0).seq()).isEqualTo(receipted + 1);
    assertThat(fresh.get(0).seq()).isEqualTo(handed + 1);
    assertThat(retries.size() + fresh.size()).isEqualTo(r.stage("out").received() - receipted);
  }

  @Test
  void aGracefullyStoppedRun_withoutEndOfInputOutputs_isResumedToItsEnd() throws Exception {
    Path out = dir.resolve("out.csv");
    FlowDefinition def = FlowDefinition.define("stoppable").bufferSize(64)
        .stage(StageDefinition.source("numbers", ResumeFlows.LONG, f -> Sources.range(N, i -> i + 1)))
        .stage(StageDefinition.transform("doubled", StageKind.TRANSFORM, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> Transforms.map((Long v) -> v * 2)))
        .stage(StageDefinition.sink("out", ResumeFlows.LONG, f -> dev.weir.api.Sinks.jsonLines(out, Long.class,
            FileSinkMode.REPLACE)))
        .chain("numbers", "doubled", "out")
        .build();
    // slowed so that the stop comes before the source's end
    CountDownLatch started = new CountDownLatch(100);
    FlowDefinition slow = FlowDefinition.define("stoppable").bufferSize(64)
        .stage(StageDefinition.source("numbers", ResumeFlows.LONG, f -> Sources.range(N, i -> i + 1)))
        .stage(StageDefinition.transform("doubled", StageKind.TRANSFORM, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> Transforms.map((Long v) -> {
              java.util.concurrent.locks.LockSupport.parkNanos(100_000);
              started.countDown();
              return v * 2;
            })))
        .stage(StageDefinition.sink("out", ResumeFlows.LONG, f -> dev.weir.api.Sinks.jsonLines(out, Long.class,
            FileSinkMode.REPLACE)))
        .chain("numbers", "doubled", "out")
        .build();
    FlowHandle h = slow.builder().journals(Journals.disk(dir)).start();
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.GRACEFUL);
    FlowResult stopped = h.await();
    assertThat(stopped.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(stopped.detail()).startsWith("stopped gracefully");
    long first = stopped.stage("numbers").emitted();
    assertThat(first).isBetween(1L, N - 1);
    assertThat(Files.readAllLines(out)).hasSize((int) first);
    Path runDir = h.journals().directory().orElseThrow();
    FlowResult r = def.builder().journals(Journals.disk(dir)).resumeFrom(runDir).start().await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(r.detail()).doesNotStartWith("stopped gracefully");
    assertThat(r.stage("numbers").emitted()).isEqualTo(N);
    // the REPLACE file of the resumed run is whole: every input, those of the stopped run included
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize((int) N);
    for (int i = 0; i < N; i++) {
      assertThat(lines.get(i)).isEqualTo(Long.toString(2L * (i + 1)));
    }
    assertThat(Manifest.read(runDir).resumes().get(0).previousStatus()).isEqualTo("STOPPED");
    assertThatThrownBy(() -> def.builder().journals(Journals.disk(dir)).resumeFrom(runDir).start())
        .isInstanceOf(FlowException.class).hasMessageContaining("it completed");
  }
}

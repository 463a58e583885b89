package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.AsyncTransform;
import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Stateful;
import dev.weir.flow.RecordKind;
import dev.weir.flow.Durability;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.JournalRecord;
import dev.weir.journal.RunArchive;
import dev.weir.replay.ReplayVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What depended on time in the original run is replayed from the journal, not from the clock: a
 * timer fires at the input position it fired at, and an async stage with several inputs consumes
 * them in the archived order. Both replays verify with 0 differences.
 */
class TimedReplayTest {

  @TempDir
  Path dir;

  private static final ElementType LONG = ElementType.of(Long.class);

  /** Emits {@code bursts} bursts of {@code size} numbers, pausing between them. */
  private static Source<Long> bursty(int bursts, int size, long pauseMillis) {
    return new Source<>() {
      private int burst;

      @Override
      public boolean next(Emitter<Long> out) {
        if (burst > 0) {
          LockSupport.parkNanos(pauseMillis * 1_000_000L);
        }
        for (int i = 0; i < size; i++) {
          out.emit((long) burst * size + i);
        }
        return ++burst < bursts;
      }
    };
  }

  private static FlowDefinition timed() {
    Stateful<Long, long[], Long> sum = new Stateful<>() {
      @Override
      public long[] initial() {
        return new long[1];
      }

      @Override
      public long[] accumulate(long[] state, Long in) {
        return new long[] {state[0] + in};
      }

      @Override
      public void emit(long[] state, Emitter<Long> out) {
        out.emit(state[0]);
      }

      @Override
      public EmitPolicy policy() {
        return EmitPolicy.every(Duration.ofMillis(15)).thenReset();
      }
    };
    return FlowDefinition.define("timed")
        .stage(StageDefinition.source("numbers", LONG, f -> bursty(12, 50, 25)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG, f -> sum))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("numbers", "sums", "out")
        .build();
  }

  @Test
  void everyDuration_firesOnReplayWhereItFiredInTheRun_andVerifies() throws Exception {
    FlowHandle run = timed().builder().journals(Journals.disk(dir).durability(Durability.none())).start();
    assertThat(run.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = run.journals().directory().orElseThrow();
    List<JournalRecord> order;
    try (RunArchive a = RunArchive.open(runDir, timed(), null)) {
      order = a.order("sums").orElseThrow().readAll(RecordKind.CONSUMED);
    }
    long timers = order.stream().filter(r -> ((dev.weir.event.Consumed) r.payload()).isTimer()).count();
    assertThat(timers).as("the timer fired during the pauses, and each firing is journaled").isGreaterThanOrEqualTo(5);

    // the replay's sources emit without pauses: only the journal can say where the timer fired
    FlowHandle replay = timed().builder().journals(Journals.disk(dir).durability(Durability.none())).replayFrom(runDir)
        .start();
    assertThat(replay.await().state()).isEqualTo(FlowState.COMPLETED);
    try (RunArchive a = RunArchive.open(runDir, timed(), null)) {
      assertThat(ReplayVerifier.compare(List.of("numbers", "sums", "out"), a::data, replay.journals()::data, 5)).isEmpty();
      assertThat(replay.journals().data("sums").lastSeq()).isEqualTo(a.data("sums").lastSeq());
    }
  }

  private static FlowDefinition asyncFanIn() {
    AsyncTransform<Long, Long> slowly = x -> CompletableFuture.supplyAsync(() -> {
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000, 200_000));
      return x * 10;
    });
    return FlowDefinition.define("asyncfanin")
        .stage(StageDefinition.source("fast", LONG, f -> bursty(4, 300, 1)))
        .stage(StageDefinition.source("slow", LONG, f -> bursty(20, 3, 5)))
        .stage(StageDefinition.transform("call", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> slowly))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .edge(EdgeDefinition.forward("fast", "call"))
        .edge(EdgeDefinition.forward("slow", "call"))
        .edge(EdgeDefinition.forward("call", "out"))
        .build();
  }

  @Test
  void asyncStageWithSeveralInputs_replaysTheArchivedInputOrder() throws Exception {
    FlowHandle run = asyncFanIn().builder().journals(Journals.disk(dir).durability(Durability.none())).start();
    assertThat(run.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = run.journals().directory().orElseThrow();

    FlowHandle replay = asyncFanIn().builder().journals(Journals.disk(dir).durability(Durability.none()))
        .replayFrom(runDir).start();
    assertThat(replay.await().state()).isEqualTo(FlowState.COMPLETED);
    try (RunArchive a = RunArchive.open(runDir, asyncFanIn(), null)) {
      assertThat(ReplayVerifier.compare(List.of("fast", "slow", "call", "out"), a::data, replay.journals()::data, 5))
          .isEmpty();
    }
  }
}

package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.RecordKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StatefulStageTest {

  /** Sums its inputs under a given policy; an input of -1 is refused. */
  static Stateful<Long, long[], Long> sum(EmitPolicy policy) {
    return new Stateful<>() {
      @Override
      public long[] initial() {
        return new long[1];
      }

      @Override
      public long[] accumulate(long[] state, Long in) {
        if (in == -1) {
          throw new IllegalArgumentException("negative one");
        }
        state[0] += in;
        return state;
      }

      @Override
      public void emit(long[] state, Emitter<Long> out) {
        out.emit(state[0]);
      }

      @Override
      public EmitPolicy policy() {
        return policy;
      }
    };
  }

  private static List<Long> run(Source<Long> source, Stateful<Long, ?, Long> stateful) throws Exception {
    List<Long> out = new CopyOnWriteArrayList<>();
    FlowResult r = flow(source, stateful, out).builder().start().await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    return out;
  }

  private static FlowDefinition flow(Source<Long> source, Stateful<Long, ?, Long> stateful, List<Long> out) {
    return FlowDefinition.define("stateful")
        .stage(Flows.source("numbers", source))
        .stage(StageDefinition.transform("agg", StageKind.STATEFUL, Flows.LONG, Flows.LONG, f -> stateful))
        .stage(Flows.sink("out", (Sink<Long>) out::add))
        .chain("numbers", "agg", "out")
        .build();
  }

  @Test
  void onEnd_emitsOnceAtEndOfInput() throws Exception {
    assertThat(run(Sources.range(10, i -> i + 1), sum(EmitPolicy.onEnd()))).containsExactly(55L);
  }

  @Test
  void everyN_thenReset_emitsWindows_andTheRestAtEnd() throws Exception {
    assertThat(run(Sources.range(10, i -> i + 1), sum(EmitPolicy.everyN(3).thenReset())))
        .containsExactly(6L, 15L, 24L, 10L);
  }

  @Test
  void everyN_thenKeep_emitsRunningTotals() throws Exception {
    assertThat(run(Sources.range(10, i -> i + 1), sum(EmitPolicy.everyN(4).thenKeep())))
        .containsExactly(10L, 36L, 55L);
  }

  @Test
  void everyN_whoseLastWindowEndsAtEndOfInput_stillEmitsTheFinalStateOnce() throws Exception {
    assertThat(run(Sources.range(6, i -> i + 1), sum(EmitPolicy.everyN(3).thenReset())))
        .containsExactly(6L, 15L, 0L);
  }

  @Test
  void always_thenKeep_emitsAfterEveryInput() throws Exception {
    assertThat(run(Sources.range(4, i -> i + 1), sum(EmitPolicy.always().thenKeep())))
        .containsExactly(1L, 3L, 6L, 10L, 10L);
  }

  @Test
  void everyDuration_firesWhileTheSourceIsIdle() throws Exception {
    long intervalMillis = 25;
    int idleIntervals = 12;
    List<Long> out = new CopyOnWriteArrayList<>();
    long[] idleNanos = new long[1];
    List<Long> beforeSecondPart = new ArrayList<>();
    Source<Long> pausing = new Source<>() {
      int calls;

      @Override
      public boolean next(Emitter<Long> emitter) throws InterruptedException {
        if (calls++ == 0) {
          emitter.emit(5L);
          emitter.emit(7L);
          return true;
        }
        // no input arrives from here on until the second part: only the timer can make the stage emit.
        // The idle time is counted from the first emit of the first part's state (if the timer never
        // fires, none comes: give up waiting after 5 s and let the assertions below fail).
        long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!out.contains(12L) && System.nanoTime() - giveUp < 0) {
          Thread.sleep(1);
        }
        long idleFrom = System.nanoTime();
        Thread.sleep(idleIntervals * intervalMillis);
        idleNanos[0] = System.nanoTime() - idleFrom;
        beforeSecondPart.addAll(out);
        emitter.emit(100L);
        return false;
      }
    };
    FlowResult r = flow(pausing, sum(EmitPolicy.every(Duration.ofMillis(intervalMillis)).thenKeep()), out)
        .builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    // before the second part: perhaps a tick before the first part arrived (0), then the first part's state
    assertThat(beforeSecondPart).as("emitted before the second part").contains(12L).isSubsetOf(0L, 5L, 12L);
    List<Long> ofFirstPart = beforeSecondPart.subList(beforeSecondPart.indexOf(12L), beforeSecondPart.size());
    assertThat(ofFirstPart).containsOnly(12L);
    long idleIntervalsSeen = idleNanos[0] / Duration.ofMillis(intervalMillis).toNanos();
    assertThat(ofFirstPart.size() - 1L)
        .as("timer emits while idle for %d ms (%d intervals of %d ms)", idleNanos[0] / 1_000_000, idleIntervalsSeen,
            intervalMillis)
        .isGreaterThanOrEqualTo(idleIntervalsSeen / 2);
    // the second part is emitted on a later tick or at end of input, never before it arrived
    assertThat(out.subList(beforeSecondPart.size(), out.size())).isNotEmpty().endsWith(112L).isSubsetOf(12L, 112L);
  }

  @Test
  void everyDuration_thenReset_emitsWindowsThatAddUp() throws Exception {
    List<Long> out = run(Sources.range(200_000, i -> 1L), sum(EmitPolicy.every(Duration.ofMillis(1)).thenReset()));
    assertThat(out.stream().mapToLong(Long::longValue).sum()).isEqualTo(200_000L);
  }

  @Test
  void accumulateThatThrows_deadLettersThatInput() throws Exception {
    List<Long> out = new ArrayList<>();
    FlowHandle h = flow(Sources.of(1L, -1L, 2L), sum(EmitPolicy.onEnd()), out).builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).containsExactly(3L);
    assertThat(r.stage("agg").errors()).isEqualTo(1);
    DeadLetter d = (DeadLetter) h.journals().errors("agg").readAll(RecordKind.ERROR).get(0).payload();
    assertThat(d.input()).isEqualTo(-1L);
    assertThat(d.message()).isEqualTo("negative one");
  }

  @Test
  void emitThatThrows_failsTheFlow() throws Exception {
    Stateful<Long, long[], Long> broken = new Stateful<>() {
      @Override
      public long[] initial() {
        return new long[1];
      }

      @Override
      public long[] accumulate(long[] s, Long in) {
        return s;
      }

      @Override
      public void emit(long[] s, Emitter<Long> out) {
        throw new IllegalStateException("cannot emit");
      }
    };
    FlowResult r = flow(Sources.of(1L), broken, new ArrayList<>()).builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("emit of stateful stage 'agg' after end of input failed: java.lang.IllegalStateException: cannot emit");
  }

  @Test
  void windowedPolicyWithoutResetOrKeep_failsWithAHint() throws Exception {
    FlowResult r = flow(Sources.of(1L), sum(EmitPolicy.everyN(2)), new ArrayList<>()).builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("add .thenReset() or .thenKeep()");
  }
}

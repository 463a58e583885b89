package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.EmitPolicy;
import dev.weir.api.Sinks;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A run given a {@link TimerClock}: its stage timers are due and fire by that clock, not the system's. */
class TimerClockTest {

  private static final long HOUR = Duration.ofHours(1).toNanos();

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      LockSupport.parkNanos(200_000);
    }
  }

  @Test
  void aTimerOfAnHour_isDueAtAnHourOnTheGivenClock_andFiresWhenThatClockGetsThere() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Source<Long> three = new Source<>() {
      private int calls;

      @Override
      public boolean next(dev.weir.api.Emitter<Long> out) throws InterruptedException {
        if (calls++ == 0) {
          out.emit(1L);
          out.emit(2L);
          out.emit(3L);
          return true;
        }
        return !release.await(5, TimeUnit.MILLISECONDS);
      }
    };
    FlowDefinition def = FlowDefinition.define("hourly")
        .stage(StageDefinition.source("numbers", ElementType.of(Long.class), f -> three))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, ElementType.of(Long.class), ElementType.of(Long.class),
            f -> StatefulStageTest.sum(EmitPolicy.every(Duration.ofHours(1)).thenReset())))
        .stage(StageDefinition.sink("out", ElementType.of(Long.class), f -> Sinks.discard()))
        .chain("numbers", "sums", "out")
        .build();
    AtomicLong now = new AtomicLong();
    FlowBuilder builder = def.builder();
    BuilderAccess.timerClock(builder, now::get);

    try (FlowHandle h = builder.start()) {
      await(() -> h.status().stage("sums").orElseThrow().received() == 3, "sums reads the three numbers");
      await(() -> EngineAccess.timersDecided(h), "sums sets its timer");
      assertThat(EngineAccess.nextTimerDeadline(h)).isEqualTo(HOUR);
      assertThat(h.journals().data("sums").events()).isEmpty(); // the given clock stands at 0

      now.set(HOUR);
      EngineAccess.wakeTimerStages(h);
      await(() -> EngineAccess.nextTimerDeadline(h) == 2 * HOUR, "the timer fires at one hour");
      assertThat(h.journals().data("sums").events()).containsExactly(6L);

      release.countDown();
      assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
      assertThat(h.journals().data("sums").events()).containsExactly(6L, 0L); // the end of input emits the reset state
      assertThat(EngineAccess.nextTimerDeadline(h)).isEqualTo(Long.MAX_VALUE);
    }
  }

  @Test
  void withoutAGivenClock_aRunHasNoTimerUntilAStageSetsOne() throws Exception {
    FlowDefinition def = FlowDefinition.define("plain")
        .stage(StageDefinition.source("numbers", ElementType.of(Long.class), f -> Sources.of(1L, 2L)))
        .stage(StageDefinition.sink("out", ElementType.of(Long.class), f -> Sinks.discard()))
        .chain("numbers", "out")
        .build();
    FlowHandle h = def.builder().start();

    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(EngineAccess.timersDecided(h)).isTrue();
    assertThat(EngineAccess.nextTimerDeadline(h)).isEqualTo(Long.MAX_VALUE);
  }
}

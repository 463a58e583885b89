package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stateful stage on {@code EmitPolicy.every(10s)}: its timer fires only where the test advances the clock. */
class ManualClockTest {

  /** Sums what arrived since the last emit; emits the sum (not an empty window) every 10 s and at the end. */
  static final class WindowSum implements Stateful<Integer, long[], Long> {
    @Override public long[] initial() {
      return new long[2];
    }

    @Override public long[] accumulate(long[] s, Integer in) {
      s[0] += in;
      s[1]++;
      return s;
    }

    @Override public void emit(long[] s, Emitter<Long> out) {
      if (s[1] > 0) {
        out.emit(s[0]);
      }
    }

    @Override public EmitPolicy policy() {
      return EmitPolicy.every(Duration.ofSeconds(10)).thenReset();
    }
  }

  static FlowDefinition windows() {
    return FlowDefinition.define("windows")
        .stage(StageDefinition.source("readings", ElementType.of(Integer.class), f -> Sources.of(1)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, ElementType.of(Integer.class),
            ElementType.of(Long.class), f -> new WindowSum()))
        .stage(StageDefinition.sink("printed", ElementType.of(Long.class), f -> Sinks.discard()))
        .chain("readings", "sums", "printed")
        .build();
  }

  @Test
  void timersFireAtEachDeadlineTheClockPasses_afterWhatWasSentBefore() {
    TestSource<Integer> readings = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(windows()).withSource("readings", readings).withManualClock().start()) {
      readings.send(1, 2, 3);
      run.settle();
      assertThat(run.<Long>outputs("sums")).isEmpty(); // the clock has not moved: no window closed

      run.advanceClock(Duration.ofSeconds(9));
      assertThat(run.<Long>outputs("sums")).isEmpty();

      run.advanceClock(Duration.ofSeconds(1)); // 10 s: the first window closes with 1 + 2 + 3
      assertThat(run.outputs("sums", Long.class)).containsExactly(6L);

      readings.send(4);
      run.advanceClock(Duration.ofSeconds(25)); // 35 s: fires at 20 s (4) and 30 s (an empty window)
      readings.send(5, 6);
      run.advanceClock(Duration.ofSeconds(5)); // 40 s: 5 + 6
      assertThat(run.outputs("sums", Long.class)).containsExactly(6L, 4L, 11L);
      assertThat(run.clockTime()).isEqualTo(Duration.ofSeconds(40));

      readings.send(7);
      readings.end();
      run.assertCompleted();
      run.assertStage("sums").hasEmitted(6L, 4L, 11L, 7L).hasReceived(7);
      run.assertStage("printed").hasReceived(4);
    }
  }

  @Test
  void withoutAdvancingTheClock_onlyTheEndOfInputEmits() {
    TestSource<Integer> readings = TestSource.create();
    FlowTestRun run = FlowTestKit.run(windows()).withSource("readings", readings).withManualClock().start();
    readings.send(1, 2, 3, 4);
    readings.end();

    run.assertCompleted();
    run.assertStage("sums").hasEmitted(10L);
  }

  @Test
  void advanceClockWithoutAManualClock_saysHowToGetOne() {
    try (FlowTestRun run = FlowTestKit.run(windows()).withSource("readings", List.of(1)).start()) {
      assertThatThrownBy(() -> run.advanceClock(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("flow 'windows': advanceClock needs a manual clock; set the run up with"
              + " FlowTestKit.run(...).withManualClock()");
    }
  }

  @Test
  void aTestSourceNeverEnded_failsTheWaitNamingIt() {
    TestSource<Integer> readings = TestSource.create();
    FlowTestRun run = FlowTestKit.run(windows()).withSource("readings", readings).timeout(Duration.ofMillis(300)).start();

    assertThatThrownBy(run::assertCompleted)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("flow 'windows' did not end within PT0.3S; test sources never ended (call end() on them):"
            + " [readings]");
    assertThat(run.result().state()).isEqualTo(dev.weir.flow.FlowState.CANCELLED); // the kit cancelled it
  }
}

package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.flow.FlowState;
import dev.weir.flow.FlowStatus;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageState;
import dev.weir.flow.StageStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live progress line: what it says, and that it stays off where stderr is no terminal. */
class ProgressLineTest {

  private static FlowStatus status(long sourced, long sunk, long elapsed) {
    return new FlowStatus("orders", "r1", FlowState.RUNNING, elapsed, List.of(
        new StageStatus("orders", StageKind.SOURCE, StageState.RUNNING, 0, sourced, 0, Map.of(), 120, 0, 0, 0, "none", 0, Map.of()),
        new StageStatus("validate", StageKind.TRANSFORM, StageState.RUNNING, sourced, sourced - 44, 44,
            Map.of(ErrorKind.VALIDATION, 44L), 30, 0, 0, 0, "none", 0, Map.of()),
        new StageStatus("summary", StageKind.SINK, StageState.RUNNING, sunk, sunk, 0, Map.of(), 0, 0, 0, 0, "none", 0, Map.of())), List.of());
  }

  @Test
  void theLine_givesRatesTotalsInFlightAndErrors() {
    FlowStatus first = status(1_000, 800, 1_000);
    FlowStatus second = status(3_500, 2_800, 1_500);

    assertThat(ProgressLine.format(first, null, 0)).isEqualTo(
        "orders RUNNING 1.0 s | sources -/s (1,000) | sinks -/s (800) | in flight 150 | errors 44");
    assertThat(ProgressLine.format(second, first, 0.5)).isEqualTo(
        "orders RUNNING 1.5 s | sources 5,000/s (3,500) | sinks 4,000/s (2,800) | in flight 150 | errors 44");
  }

  @Test
  void underTheTestRunner_stderrIsNoTerminal_soNothingIsDrawn() {
    assertThat(ProgressLine.stderrIsATerminal()).isFalse();
  }
}

package dev.weir.flow;

import dev.weir.engine.Engine;
import dev.weir.engine.EngineOptions;
import dev.weir.engine.FaultInjector;
import dev.weir.journal.DiskJournals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Configures and starts one run of a {@link FlowDefinition}. */
public final class FlowBuilder {

  private final FlowDefinition definition;
  private Journals journals = Journals.memory();
  private boolean manualStart;
  private Duration stopDeadline = Duration.ofSeconds(30);
  private Path replayFrom;
  private boolean allowIncomplete;
  private WaitMode waitMode = WaitMode.PARK;
  private byte[] replayKey = DiskJournals.keyFromEnvironment();

  FlowBuilder(FlowDefinition definition) {
    this.definition = Objects.requireNonNull(definition, "definition");
  }

  /** Where the run's journals go; {@link Journals#memory()} by default. */
  public FlowBuilder journals(Journals value) {
    this.journals = Objects.requireNonNull(value, "journals");
    return this;
  }

  /** Sources wait for {@link FlowHandle#start()} instead of starting once every stage runs. */
  public FlowBuilder manualStart() {
    this.manualStart = true;
    return this;
  }

  /** How long a graceful stop may drain before it escalates to cancel; 30 s by default. */
  public FlowBuilder stopDeadline(Duration value) {
    Objects.requireNonNull(value, "stopDeadline");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("stopDeadline must be positive, got " + value);
    }
    this.stopDeadline = value;
    return this;
  }

  /** What idle stage threads do; {@link WaitMode#PARK} by default. */
  public FlowBuilder waitMode(WaitMode value) {
    this.waitMode = Objects.requireNonNull(value, "waitMode");
    return this;
  }

  /**
   * Replays the run in {@code runDir}: every source re-emits what it wrote there (matched by stage
   * name) instead of calling its handler, and every stage with several inputs consumes them in the
   * order recorded there. The new run records what it replayed.
   */
  public FlowBuilder replayFrom(Path runDir) {
    this.replayFrom = Objects.requireNonNull(runDir, "runDir");
    return this;
  }

  /** Allows replaying a run that did not complete (crashed, failed or cancelled). */
  public FlowBuilder allowIncomplete() {
    this.allowIncomplete = true;
    return this;
  }

  /** The HMAC key the replayed run was sealed with; {@code WEIR_JOURNAL_KEY} by default. */
  public FlowBuilder replayKey(byte[] key) {
    this.replayKey = key == null ? null : key.clone();
    return this;
  }

  /**
   * Starts the run. Problems found while materializing (a stage factory that throws, a stage kind
   * this engine cannot run) do not throw here: they end the run {@link FlowState#FAILED} with the
   * cause in {@link FlowResult#failure()} and in the system journal.
   */
  public FlowHandle start() {
    if (replayFrom != null && journals instanceof DiskJournals disk) {
      disk.replayOf(replayFrom);
    }
    return Engine.start(definition, new EngineOptions(journals, manualStart, stopDeadline, FaultInjector.NONE,
        replayFrom, allowIncomplete, replayKey, waitMode));
  }
}

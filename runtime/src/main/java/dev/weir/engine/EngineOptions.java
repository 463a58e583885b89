package dev.weir.engine;

import dev.weir.event.CodecRegistry;
import dev.weir.flow.ErrorBudget;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.Journals;
import dev.weir.flow.ReplaySinks;
import dev.weir.flow.WaitMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the engine runs a flow.
 *
 * @param journals where the run's journals go
 * @param manualStart whether sources wait for an explicit start
 * @param stopDeadline how long a graceful stop may drain before it escalates to cancel
 * @param faults faults to inject below the API (tests only); {@link FaultInjector#NONE} otherwise
 * @param replayFrom a run directory whose source journals replace the sources' handlers, or null
 * @param allowIncomplete whether a run that did not complete may be replayed
 * @param archiveKey the HMAC key of the replayed run, or null
 * @param waitMode what idle stage threads do
 * @param codecs the codec of each element type
 * @param replaySinks with {@code replayFrom}: whether sinks run again or copy the archived run's outcomes
 * @param errorBudget the flow-wide error budget: for every stage without one of its own
 * @param stageErrorBudgets error budgets by stage name, overriding every other
 * @param settings the run's settings, which the flow object is made with and the manifest records
 * @param timerClock the clock stage timers read; null for the system clock (the default, read directly)
 * @param threads how many threads linear runs of stages share out ({@code ceil(stages / threads)} stages
 *     to a thread at most; 0 for the number of processors); see {@code docs/engine.md}
 * @param resumeFrom the run directory of an interrupted run of this flow that this run continues, or null
 * @param resumeRun the id of an interrupted run of this flow, in {@code journals}, that this run continues, or null
 * @param liveEffects on a replay: whether stages declared {@code Effect}s act again instead of
 *     the archived run's outcomes being used
 * @param replayJournals with {@code replayRun}: the journals that keep the run to replay, or null
 * @param replayRun the id of a run in {@code replayJournals} whose source journals replace the sources'
 *     handlers (as {@code replayFrom} does for a run directory), or null
 */
public record EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults,
    Path replayFrom, boolean allowIncomplete, byte[] archiveKey, WaitMode waitMode, CodecRegistry codecs,
    ReplaySinks replaySinks, ErrorBudget errorBudget, Map<String, ErrorBudget> stageErrorBudgets,
    FlowSettings settings, TimerClock timerClock, int threads, Path resumeFrom, String resumeRun,
    boolean liveEffects, dev.weir.journal.JournalProvider replayJournals, String replayRun) {

  public EngineOptions {
    if ((replayJournals == null) != (replayRun == null)) {
      throw new IllegalStateException("a replay of a run kept by journals needs both: replayJournals " + replayJournals
          + ", replayRun " + replayRun);
    }
    if (replayFrom != null && replayRun != null) {
      throw new IllegalStateException("a run replays either a run directory or a run by id, not both: replayFrom "
          + replayFrom + ", replayRun " + replayRun);
    }
    boolean replay = replayFrom != null || replayRun != null;
    if ((resumeFrom != null || resumeRun != null) && replay) {
      throw new IllegalStateException("a run either resumes an interrupted run or replays a run, not both: resume "
          + (resumeFrom != null ? resumeFrom : "run " + resumeRun) + ", replay "
          + (replayFrom != null ? replayFrom : "run " + replayRun));
    }
    if (resumeFrom != null && resumeRun != null) {
      throw new IllegalStateException("a run resumes either a run directory or a run by id, not both: resumeFrom "
          + resumeFrom + ", resumeRun " + resumeRun);
    }
    if (liveEffects && !replay) {
      throw new IllegalStateException("live effects are asked for on a replay only: give replayFrom(<run dir>) too");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0: the number of processors), got " + threads);
    }
    Objects.requireNonNull(journals, "journals");
    Objects.requireNonNull(stopDeadline, "stopDeadline");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(waitMode, "waitMode");
    Objects.requireNonNull(codecs, "codecs");
    Objects.requireNonNull(replaySinks, "replaySinks");
    if (replaySinks == ReplaySinks.SKIP && !replay) {
      throw new IllegalStateException("sinks can be skipped only on a replay: give replayFrom(<run dir>) too");
    }
    Objects.requireNonNull(errorBudget, "errorBudget");
    stageErrorBudgets = Map.copyOf(stageErrorBudgets);
    Objects.requireNonNull(settings, "settings");
  }

  /** Whether this run replays another: a run directory ({@code replayFrom}) or a run by id ({@code replayRun}). */
  public boolean isReplay() {
    return replayFrom != null || replayRun != null;
  }

  /** A run that resumes nothing; effects as they are. */
  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults,
      Path replayFrom, boolean allowIncomplete, byte[] archiveKey, WaitMode waitMode, CodecRegistry codecs,
      ReplaySinks replaySinks, ErrorBudget errorBudget, Map<String, ErrorBudget> stageErrorBudgets,
      FlowSettings settings, TimerClock timerClock, int threads) {
    this(journals, manualStart, stopDeadline, faults, replayFrom, allowIncomplete, archiveKey, waitMode, codecs,
        replaySinks, errorBudget, stageErrorBudgets, settings, timerClock, threads, null, null, false, null, null);
  }

  /** As many threads as processors. */
  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults,
      Path replayFrom, boolean allowIncomplete, byte[] archiveKey, WaitMode waitMode, CodecRegistry codecs,
      ReplaySinks replaySinks, ErrorBudget errorBudget, Map<String, ErrorBudget> stageErrorBudgets,
      FlowSettings settings, TimerClock timerClock) {
    this(journals, manualStart, stopDeadline, faults, replayFrom, allowIncomplete, archiveKey, waitMode, codecs,
        replaySinks, errorBudget, stageErrorBudgets, settings, timerClock, 0);
  }

  /** Timers on the system clock. */
  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults,
      Path replayFrom, boolean allowIncomplete, byte[] archiveKey, WaitMode waitMode, CodecRegistry codecs,
      ReplaySinks replaySinks, ErrorBudget errorBudget, Map<String, ErrorBudget> stageErrorBudgets,
      FlowSettings settings) {
    this(journals, manualStart, stopDeadline, faults, replayFrom, allowIncomplete, archiveKey, waitMode, codecs,
        replaySinks, errorBudget, stageErrorBudgets, settings, null);
  }

  /** Sinks run (on a replay too); no error budget. */
  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults,
      Path replayFrom, boolean allowIncomplete, byte[] archiveKey, WaitMode waitMode, CodecRegistry codecs) {
    this(journals, manualStart, stopDeadline, faults, replayFrom, allowIncomplete, archiveKey, waitMode, codecs,
        ReplaySinks.RUN, ErrorBudget.unlimited(), Map.of(), FlowSettings.empty());
  }

  /**
   * The budget of {@code stage}, the first that applies: its own in {@link #stageErrorBudgets}, the
   * one in its definition ({@code @Stage(maxErrors)}), the flow-wide {@link #errorBudget}.
   */
  public ErrorBudget errorBudgetOf(StageDefinition stage) {
    ErrorBudget own = stageErrorBudgets.get(stage.name());
    return own != null ? own : stage.errorBudget().orElse(errorBudget);
  }

  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults) {
    this(journals, manualStart, stopDeadline, faults, null, false, null, WaitMode.PARK, CodecRegistry.defaults());
  }

  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline) {
    this(journals, manualStart, stopDeadline, FaultInjector.NONE);
  }
}

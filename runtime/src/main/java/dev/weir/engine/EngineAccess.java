package dev.weir.engine;

import dev.weir.flow.FlowHandle;

/**
 * What other internal packages (metrics) and the test kit ({@code dev.weir.test}, the one module
 * this package is exported to) may ask of a running flow beyond {@link FlowHandle}.
 */
public final class EngineAccess {

  private EngineAccess() {}

  /**
   * From now on, every input stage {@code stage} of {@code handle}'s run handles is timed, on the
   * stage's thread; returns the histogram the times go into, or null when the run has no such stage.
   */
  public static ProcessingTimes timeProcessing(FlowHandle handle, String stage) {
    if (!(handle instanceof RunningFlow run)) {
      return null;
    }
    StageRunner r = run.runner(stage);
    return r == null ? null : r.live().timeProcessing();
  }

  /**
   * The earliest time, in the run's {@link TimerClock} terms, at which a stage timer of
   * {@code handle}'s run is due; {@link Long#MAX_VALUE} when no stage has a timer set (none has an
   * {@code every(...)} policy, or they all reached their end of input). Read from any thread: a
   * stage that just fired shows its next deadline at once or after a short delay, never an older one.
   */
  public static long nextTimerDeadline(FlowHandle handle) {
    long next = StageRunner.NO_TIMER;
    if (handle instanceof RunningFlow run) {
      for (StageRunner r : run.runners()) {
        long due = r.timerDeadlineSeenFromOutside();
        if (due != StageRunner.TIMER_UNDECIDED) {
          next = Math.min(next, due);
        }
      }
    }
    return next;
  }

  /**
   * Whether every stage of {@code handle}'s run that may have a timer (a stateful stage) has read its
   * emit policy and set its timer, or has none: until then {@link #nextTimerDeadline} may not
   * know of a timer that is about to be set.
   */
  public static boolean timersDecided(FlowHandle handle) {
    if (handle instanceof RunningFlow run) {
      for (StageRunner r : run.runners()) {
        if (r.timerDeadlineSeenFromOutside() == StageRunner.TIMER_UNDECIDED) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Wakes every stage of {@code handle}'s run that has a timer, so that one parked until its
   * deadline reads the run's clock again: a clock advanced by hand signals nobody by itself.
   */
  public static void wakeTimerStages(FlowHandle handle) {
    if (handle instanceof RunningFlow run) {
      for (StageRunner r : run.runners()) {
        long due = r.timerDeadlineSeenFromOutside();
        if (due != StageRunner.NO_TIMER && due != StageRunner.TIMER_UNDECIDED) {
          r.parker().wakeAlways();
        }
      }
    }
  }

  /**
   * Makes every stage of {@code handle}'s run with several inputs consume them in turns that
   * {@code chooser} picks, one record at a time, only when the rest of the run is quiescent (see
   * {@link FanInTurns}): a run whose order is a function of the chooser and the run's inputs. Call
   * it on a run started with {@code FlowBuilder.manualStart()}, before {@link FlowHandle#start()}.
   *
   * @throws IllegalStateException when the run's sources already started, it is a replay (which follows
   *     the archived order), or it is not a run of this engine
   */
  public static void chooseFanIn(FlowHandle handle, FanInChooser chooser) {
    java.util.Objects.requireNonNull(chooser, "chooser");
    if (!(handle instanceof RunningFlow run)) {
      throw new IllegalStateException("a seeded fan-in order needs a run of Weir's engine, not " + handle);
    }
    java.util.List<StageRunner> runners = run.runners();
    if (runners.isEmpty()) {
      if (handle.state().isTerminal()) {
        return; // it failed to start: no stage reads anything
      }
      throw new IllegalStateException("flow '" + handle.flowName() + "' has not built its stages");
    }
    if (runners.get(0).supervisor().sourcesReleased()) {
      throw new IllegalStateException("flow '" + handle.flowName() + "': its sources already started; a seeded"
          + " fan-in order is set on a run started with manualStart(), before start()");
    }
    for (StageRunner r : runners) {
      if (r.host() != null) {
        throw new IllegalStateException("flow '" + handle.flowName() + "': stage '" + r.name() + "' shares the thread"
            + " of '" + r.host().name() + "'; a seeded fan-in order needs a thread per stage: start the run with"
            + " FlowBuilder.threads(n) for n at least its stage count");
      }
      if (r.replaying()) {
        throw new IllegalStateException("flow '" + handle.flowName() + "' is a replay: stage '" + r.name()
            + "' reads its inputs in the archived run's order, so a seeded fan-in order cannot apply");
      }
    }
    FanInTurns turns = new FanInTurns(runners, chooser);
    for (StageRunner r : runners) {
      r.takeTurns(turns);
    }
    for (StageRunner r : runners) {
      r.parker().wakeAlways(); // an idle stage parked before it had turns: it goes quiet now
    }
  }

  /**
   * What an order journal (a stage's, from {@code RunView.order}) says the stage consumed, one
   * element per record read (data events and ends of stream): the index of the input it came from,
   * among the stage's inputs in the order of its edges. Timer firings are left out.
   */
  public static java.util.List<Integer> inputsConsumed(dev.weir.flow.JournalView orderJournal) {
    java.util.List<Integer> inputs = new java.util.ArrayList<>();
    for (dev.weir.flow.JournalRecord r : orderJournal.readAll(dev.weir.flow.RecordKind.CONSUMED)) {
      dev.weir.event.Consumed run = (dev.weir.event.Consumed) r.payload();
      for (int k = 0; k < run.count() && !run.isTimer(); k++) {
        inputs.add(run.input());
      }
    }
    return inputs;
  }

  /**
   * The object running as source stage {@code stage} of {@code handle}'s run (on replay, the
   * archived source), for the operations server to find the run's ingestion sources; empty for
   * another kind of stage or an unknown one.
   */
  public static java.util.Optional<Object> sourceHandler(FlowHandle handle, String stage) {
    if (handle instanceof RunningFlow run && run.runner(stage) instanceof SourceRunner r) {
      return java.util.Optional.of(r.source());
    }
    return java.util.Optional.empty();
  }
}

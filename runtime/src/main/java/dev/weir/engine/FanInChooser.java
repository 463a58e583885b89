package dev.weir.engine;

/**
 * Chooses, for a run whose fan-in order is to be reproducible (the test kit's {@code withSeed}),
 * which input a stage with several inputs reads next. The engine asks only when the rest of the run
 * is quiescent (see {@link FanInTurns}), so what is ready on each input is a function of what was
 * consumed so far; a chooser that is a pure function of its calls (a generator seeded per stage)
 * makes the whole run's order a function of its seed and its inputs. Internal: reached through
 * {@link EngineAccess#chooseFanIn}, not public API.
 */
public interface FanInChooser {

  /**
   * Which of the inputs of stage {@code stage} that have a record ready it reads next: an index in
   * {@code [0, ready)} into those inputs, in the order of the stage's edges. Called on the stage's
   * thread, once per record it reads, with {@code ready >= 1}.
   */
  int choose(String stage, int ready);

  /**
   * Whether source {@code stage}, which is running and has emitted or rejected {@code produced}
   * items so far, waits for input from outside (a test feeding it) and so lets the run be
   * quiescent; false by default: a running source is busy until it ends or its output ring is full.
   */
  default boolean sourceWaiting(String stage, long produced) {
    return false;
  }
}

package dev.weir.engine;

import dev.weir.flow.FlowHandle;

/**
 * What other internal packages (metrics) may ask of a running flow beyond {@link FlowHandle}; not
 * exported by the module.
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
}

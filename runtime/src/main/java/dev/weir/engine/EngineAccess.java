package dev.weir.engine;

import dev.weir.flow.FlowHandle;
import java.util.function.LongConsumer;

/**
 * What other internal packages (metrics) may ask of a running flow beyond {@link FlowHandle}; not
 * exported by the module.
 */
public final class EngineAccess {

  private EngineAccess() {}

  /**
   * From now on, every input stage {@code stage} of {@code handle}'s run handles is timed into
   * {@code timer} (nanoseconds, on the stage's thread); returns whether the run has that stage.
   */
  public static boolean timeProcessing(FlowHandle handle, String stage, LongConsumer timer) {
    if (!(handle instanceof RunningFlow run)) {
      return false;
    }
    StageRunner r = run.runner(stage);
    if (r == null) {
      return false;
    }
    r.live().timeProcessing(timer);
    return true;
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

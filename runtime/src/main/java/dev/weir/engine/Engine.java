package dev.weir.engine;

import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;

/** Runs flow definitions. */
public final class Engine {

  private Engine() {}

  /** Materializes and starts a run of {@code definition}. */
  public static FlowHandle start(FlowDefinition definition, EngineOptions options) {
    throw new UnsupportedOperationException("engine under construction");
  }
}

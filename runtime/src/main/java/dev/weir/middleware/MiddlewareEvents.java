package dev.weir.middleware;

import dev.weir.event.SystemEvent;

/** Where a stage's middleware reports its state changes: the system journal, under the stage's name. */
@FunctionalInterface
public interface MiddlewareEvents {

  /** Reports one state change (never one per event). */
  void changed(SystemEvent.Type type, String detail);
}

package dev.weir.engine;

import java.util.List;

/**
 * Tells a cycle's entry point when the cycle has nothing in flight. Rings make this exact: each
 * forward edge of the cycle is drained when its reader's sequence has reached its writer's cursor,
 * and a reader moves its sequence only after it handled (and published the outputs of) a whole
 * batch. Checking the edges with writers before readers, then the backflow edges, means that what
 * a drained reader emitted is already visible when its own readers are checked.
 */
final class CycleGuard {

  private final List<EdgeInput> outside;
  private final List<EdgeInput> forward;
  private final List<BackflowInput> backflow;

  CycleGuard(List<EdgeInput> outside, List<EdgeInput> forward, List<BackflowInput> backflow) {
    this.outside = List.copyOf(outside);
    this.forward = List.copyOf(forward);
    this.backflow = List.copyOf(backflow);
  }

  /** Whether every input from outside the cycle delivered its end of stream. */
  boolean outsideEnded() {
    for (EdgeInput in : outside) {
      if (!in.ended()) {
        return false;
      }
    }
    return true;
  }

  /** Whether nothing is in flight in the cycle; called by the entry point when it is idle. */
  boolean quiet() {
    for (EdgeInput e : forward) {
      if (e.sequence().get() < e.writer().output().ring().getCursor()) {
        return false;
      }
    }
    for (BackflowInput b : backflow) {
      if (b.received() < b.writer().output().ring().getCursor() + 1) {
        return false;
      }
    }
    return true;
  }
}

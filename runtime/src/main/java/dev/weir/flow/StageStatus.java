package dev.weir.flow;

import dev.weir.api.ErrorKind;
import java.util.Map;
import java.util.Objects;

/**
 * One stage of a running flow, as of its last finished batch: a stage publishes its counts when
 * it ends a batch, so a snapshot never shows an event that is not yet in its journal.
 *
 * @param name the stage's name
 * @param kind its kind
 * @param state where it is in its life
 * @param received data events it read from all its inputs (0 for a source)
 * @param emitted data events it wrote (for a sink: receipts)
 * @param errors inputs it sent to its error journal
 * @param errorsByKind those errors by kind; kinds with none are left out
 * @param ringOccupancy events in the stage's output ring that not every reader has read yet (0 for a sink)
 * @param blockedNanos how long the stage has waited, in all, for room in its full output ring: backpressure
 * @param retries attempts its middleware made again after a transient failure
 * @param fallbacks inputs its circuit breaker's fallback answered
 * @param breaker its circuit breaker's state: {@code closed}, {@code open}, {@code half-open}, or
 *     {@code none} without one
 * @param rateLimitWaitNanos how long its rate limit held events back, in all
 * @param breakerTransitions how often its circuit breaker moved into each state ({@code open},
 *     {@code half-open}, {@code closed}); states it never entered are left out
 */
public record StageStatus(String name, StageKind kind, StageState state, long received, long emitted, long errors,
    Map<ErrorKind, Long> errorsByKind, long ringOccupancy, long blockedNanos, long retries, long fallbacks,
    String breaker, long rateLimitWaitNanos, Map<String, Long> breakerTransitions) {

  public StageStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(breaker, "breaker");
    errorsByKind = Map.copyOf(errorsByKind);
    breakerTransitions = Map.copyOf(breakerTransitions);
  }
}

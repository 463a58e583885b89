package dev.weir.api;

import java.util.Objects;

/**
 * Which event a {@link KeyedSink} is consuming, stable across redeliveries of that event: the run the
 * event belongs to, the upstream stage that wrote it and its writer sequence there. A replay of a run
 * (sinks running again) delivers each event with the replayed run's id, so a sink that remembers the
 * keys it delivered can tell a redelivery from a new event; a new run has a new {@code run}.
 *
 * @param run the id of the run whose events these are: this run's id, or on a replay the replayed
 *     run's id (one level: a replay of a replay keys by the run it replayed)
 * @param stage the name of the upstream stage that wrote the event
 * @param seq the event's sequence in that stage's journal, from 1
 */
public record DeliveryKey(String run, String stage, long seq) {

  /** Checks the parts. */
  public DeliveryKey {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(stage, "stage");
    if (seq < 1) {
      throw new IllegalArgumentException("a delivery key's seq starts at 1, got " + seq);
    }
  }

  @Override
  public String toString() {
    return run + "/" + stage + "#" + seq;
  }
}

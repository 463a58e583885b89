package dev.weir.engine;

import dev.weir.event.Consumed;
import java.util.List;

/**
 * The order in which a stage with several inputs consumed them in an archived run, and where a
 * stateful stage's timer fired. A replay follows it run by run and fires the timer where the
 * archive says it fired, so a deterministic flow, timers included, does exactly what it did the
 * first time.
 */
final class ReplayOrder {

  private final List<Consumed> runs;
  private int next;
  private int remaining;

  ReplayOrder(List<Consumed> runs) {
    this.runs = runs;
    this.remaining = runs.isEmpty() ? 0 : runs.get(0).count();
  }

  boolean active() {
    return next < runs.size();
  }

  /** The input the current run reads ({@link Consumed#TIMER} when the timer fires next). */
  int input() {
    return runs.get(next).input();
  }

  /** Whether the timer fired next in the archived run. */
  boolean timerNext() {
    return active() && runs.get(next).isTimer();
  }

  /** Notes that the timer fired as archived; returns its record. */
  Consumed timerFired() {
    Consumed done = runs.get(next++);
    remaining = next < runs.size() ? runs.get(next).count() : 0;
    return done;
  }

  /** Records still to read in the current run. */
  int remaining() {
    return remaining;
  }

  /** Notes that {@code n} records of the current run were read; returns the run when it is complete. */
  Consumed consumed(int n) {
    remaining -= n;
    if (remaining > 0) {
      return null;
    }
    Consumed done = runs.get(next++);
    remaining = next < runs.size() ? runs.get(next).count() : 0;
    return done;
  }

  /** Gives up following the archive (the replay diverged): round robin from here. */
  void abandon() {
    next = runs.size();
  }
}

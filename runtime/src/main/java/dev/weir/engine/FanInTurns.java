package dev.weir.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes the stages of a run with several inputs consume them in an order that depends only on a
 * {@link FanInChooser} and the run's inputs. Stages with one input are deterministic; a fan-in's
 * choice of input is the run's only nondeterminism. So a fan-in takes a record only when the rest of
 * the run is quiescent (Kahn's argument): every other stage waits for input with none ready, is
 * blocked on a full output ring, waits at its own fan-in choice, waits for the run's own clock (which
 * only the test moves), or has ended; a running source counts only when the chooser says it waits
 * for its feeder (a test's). What is ready on each
 * input is then a function of what was consumed so far. Of the waiting fan-ins, the first in
 * definition order that has a record ready goes: it asks the chooser which ready input to read,
 * reads ONE record from it, handles it and comes back to wait.
 *
 * <p>Each stage tells this object its state ({@link #ACTIVE} and the passive ones) on its own thread
 * and counts every change in an epoch; quiescence is read by double collect: the epochs, the
 * conditions (a quiet stage has nothing ready, a blocked stage's ring is still full), the epochs
 * again, all unchanged. No stage can act while passive, so nothing moved in between. Waiting for
 * all inputs to have data instead would deadlock on a sparse input (a filter that drops most
 * records while the other input's ring fills and stalls the shared source); this does not, and a
 * cycle's entry point is a fan-in like any other (its backflow input is read from a journal and
 * never blocks its writer).
 */
final class FanInTurns {

  /** Doing something: reading, handling, emitting, waiting on the system clock, a source producing. */
  static final int ACTIVE = 0;
  /** Idle with nothing ready on any input. */
  static final int QUIET = 1;
  /** Waiting for room in its full output ring. */
  static final int BLOCKED = 2;
  /** A fan-in waiting for its turn (or, at a quiescent point, with nothing ready). */
  static final int CHOOSING = 3;
  /** Its thread ended. */
  static final int ENDED = 4;
  /** Waiting for the run's own clock (a backoff, a permit, calls pending until their timeout), which only the test moves. */
  static final int CLOCK = 5;

  /** How long a waiting fan-in parks before it looks for quiescence again. */
  private static final long LOOK_AGAIN_NANOS = 20_000L;

  private final StageRunner[] runners;
  private final FanInChooser chooser;
  private final AtomicIntegerArray states;
  private final AtomicLongArray epochs;
  /** Scratch for the double collect; used under the lock only. */
  private final long[] seen;
  private final long[] produced;

  FanInTurns(List<StageRunner> runners, FanInChooser chooser) {
    this.runners = new StageRunner[runners.size()];
    for (StageRunner r : runners) {
      this.runners[r.index()] = r;
    }
    this.chooser = chooser;
    this.states = new AtomicIntegerArray(this.runners.length);
    this.epochs = new AtomicLongArray(this.runners.length);
    this.seen = new long[this.runners.length];
    this.produced = new long[this.runners.length];
  }

  /** {@code r} is now in {@code state}; on {@code r}'s thread. The state is written before its epoch moves. */
  void state(StageRunner r, int state) {
    int i = r.index();
    if (states.get(i) != state) {
      states.set(i, state);
      epochs.incrementAndGet(i);
    }
  }

  /**
   * {@code r} goes idle: {@link #CLOCK} when {@code onClock}, else quiet unless it waits at a choice
   * (a blocked stage stays blocked).
   */
  void idle(StageRunner r, boolean onClock) {
    int now = states.get(r.index());
    if (onClock && now != BLOCKED) {
      state(r, CLOCK); // not CHOOSING either: it takes no turn until the clock (or the test) frees it
    } else if (now == ACTIVE) {
      state(r, QUIET);
    }
  }

  /**
   * Before {@code r} polls {@code in}: false (poll nothing) when nothing is ready there, and {@code r}
   * goes idle as at a wait, since it found nothing to do: a stage that never parks (one run on
   * another's thread between that one's batches) is passive too until something is ready for it.
   */
  boolean mayPoll(StageRunner r, StageInput in) {
    if (!in.hasInput()) {
      if (!r.busyOffThread()) {
        idle(r, r.waitsOnClock());
      }
      return false;
    }
    state(r, ACTIVE);
    return true;
  }

  /**
   * Fan-in {@code r} waits for its turn; returns which of {@code edges} to read one record from,
   * or -1 when the run is quiescent and none of them has a record ready (or {@code r} has calls in
   * flight, which keep it busy until they end). On {@code r}'s thread.
   */
  int takeTurn(StageRunner r, StageInput[] edges) {
    if (r.busyOffThread()) {
      state(r, ACTIVE);
      return -1;
    }
    state(r, CHOOSING);
    for (;;) {
      if (r.halted()) {
        throw Halted.INSTANCE;
      }
      synchronized (this) {
        if (quiescent(r)) { // nothing moves now but this stage: what is ready stays ready
          if (readyCount(edges) == 0) {
            return -1;
          }
          if (firstReadyChooser() == r.index()) {
            state(r, ACTIVE);
            break;
          }
        }
      }
      LockSupport.parkNanos(LOOK_AGAIN_NANOS);
    }
    int ready = readyCount(edges);
    int pick = chooser.choose(r.name(), ready);
    if (pick < 0 || pick >= ready) {
      throw new IllegalStateException("fan-in chooser gave input " + pick + " of " + ready + " ready for stage '"
          + r.name() + "'");
    }
    for (int i = 0; i < edges.length; i++) {
      if (edges[i].hasInput() && pick-- == 0) {
        return i;
      }
    }
    throw new IllegalStateException("stage '" + r.name() + "': a ready input went away while it chose"); // cannot happen
  }

  private static int readyCount(StageInput[] edges) {
    int n = 0;
    for (StageInput in : edges) {
      if (in.hasInput()) {
        n++;
      }
    }
    return n;
  }

  /** The first stage, in definition order, that waits at a choice with a record ready; -1 for none. */
  private int firstReadyChooser() {
    for (int i = 0; i < runners.length; i++) {
      if (states.get(i) == CHOOSING && readyCount(runners[i].inputs()) > 0) {
        return i;
      }
    }
    return -1;
  }

  /** Whether every stage but {@code self} (which waits at its choice) is passive, read by double collect. */
  private boolean quiescent(StageRunner self) {
    int n = runners.length;
    for (int i = 0; i < n; i++) {
      seen[i] = epochs.get(i);
    }
    for (int i = 0; i < n; i++) {
      StageRunner r = runners[i];
      if (r == self) {
        continue;
      }
      switch (states.get(i)) {
        case ENDED, CHOOSING, CLOCK -> { }
        case QUIET -> {
          if (readyCount(r.inputs()) > 0) {
            return false;
          }
        }
        case BLOCKED -> {
          if (r.output().ring().hasAvailableCapacity(1)) {
            return false;
          }
        }
        default -> {
          if (!(r instanceof SourceRunner)) {
            return false;
          }
          LiveStage live = r.live();
          produced[i] = live.emitted() + live.errors();
          if (!chooser.sourceWaiting(r.name(), produced[i])) {
            return false;
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (epochs.get(i) != seen[i]) {
        return false;
      }
      StageRunner r = runners[i];
      if (r != self && states.get(i) == ACTIVE && r.live().emitted() + r.live().errors() != produced[i]) {
        return false; // a source waiting on its feeder produced meanwhile
      }
    }
    return true;
  }
}

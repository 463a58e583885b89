package dev.weir.engine;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks a stage thread when it has nothing to do and lets others wake it, without losing a
 * wake-up: a Dekker handshake between the parking thread and its wakers.
 *
 * <p>The parker stores {@code parked = true}, then loads the work state ({@code ready}); a waker
 * stores the work state (a writer's {@code committed} sequence is set with a release store,
 * {@code Sequence.set}), then loads {@code parked}. Each side is a store followed by a load of the
 * other variable, which the hardware and the JIT may reorder (StoreLoad: x86 store buffers do) and
 * which release/acquire ordering does not forbid. Were both reordered, the parker would see no work
 * and the waker would see no parked thread: the reader sleeps until its safety timeout with work
 * pending. A full fence on both sides, between the store and the load, rules that out: at least
 * one side sees the other's store, so either the parker finds the work or the waker unparks it
 * (an unpark before the park makes the park return at once). A busy thread costs its wakers one
 * fence and one volatile read per batch.
 *
 * <p>Parking first clears the thread's interrupt flag: a handler that left it set would make every
 * park return at once (an idle stage spinning a full core). The supervisor's halt does not rely on
 * interrupts of parked threads: it sets the stage's halted flag, which every {@code Readiness}
 * checks, and unparks.
 */
final class Parker {

  /** Parks (all parkers) that ran to their full timeout although work was ready: lost wake-ups. */
  private static final AtomicLong TIMED_OUT_WITH_WORK = new AtomicLong();

  private volatile Thread thread;
  private volatile boolean parked;

  void bind(Thread owner) {
    this.thread = owner;
  }

  /** Wakes the owner if it is parked (or about to park); call after publishing the work. */
  void wake() {
    VarHandle.fullFence(); // StoreLoad: the work published before this call is visible before parked is read
    if (parked) {
      Thread t = thread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** Wakes the owner whether or not it is parked. */
  void wakeAlways() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Parks the calling (owner) thread for at most {@code nanos} unless {@code ready} already holds. */
  void park(Readiness ready, long nanos) {
    Thread.interrupted(); // a handler's leftover interrupt must not turn parking into spinning
    parked = true;
    VarHandle.fullFence(); // StoreLoad: parked is visible to wakers before the work state is read
    try {
      if (!ready.ready()) {
        long start = System.nanoTime();
        LockSupport.parkNanos(this, nanos);
        if (System.nanoTime() - start >= nanos && ready.ready()) {
          TIMED_OUT_WITH_WORK.incrementAndGet();
        }
      }
    } finally {
      parked = false;
    }
  }

  /**
   * How many parks, in this JVM, slept their full timeout although their work was ready when they
   * woke; a signalled wake-up that got lost shows here (tests; races with a wake-up that comes just
   * at the timeout can count too, so it is evidence, not a contract).
   */
  static long timedOutWithWork() {
    return TIMED_OUT_WITH_WORK.get();
  }

  /** What a parking thread re-checks after it has announced that it parks. */
  @FunctionalInterface
  interface Readiness {
    boolean ready();
  }
}

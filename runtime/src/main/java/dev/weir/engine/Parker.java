package dev.weir.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks a stage thread when it has nothing to do and lets others wake it. The parked flag is set
 * before the thread re-checks for work and parks, and wakers read it after publishing, so a wake-up
 * is never lost and a busy thread costs its wakers one volatile read.
 */
final class Parker {

  private volatile Thread thread;
  private volatile boolean parked;

  void bind(Thread owner) {
    this.thread = owner;
  }

  /** Wakes the owner if it is parked (or about to park). */
  void wake() {
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
    parked = true;
    try {
      if (!ready.ready()) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      parked = false;
    }
  }

  /** What a parking thread re-checks after it has announced that it parks. */
  @FunctionalInterface
  interface Readiness {
    boolean ready();
  }
}

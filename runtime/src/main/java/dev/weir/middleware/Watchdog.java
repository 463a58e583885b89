package dev.weir.middleware;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Enforces a sync {@code @Timeout}: one shared daemon thread for the JVM interrupts a handler call
 * that overran (no thread per event or per stage). The handshake makes sure an interrupt meant
 * for one call never lands after it: the watchdog interrupts only a call still running, and a call
 * that ends while its interrupt is under way waits for it and clears it.
 */
final class Watchdog {

  private static final ScheduledThreadPoolExecutor TIMER = timer();
  private static final long IDLE = 0;
  private static final long FIRING = -1;
  private static final long FIRED = -2;

  /** How often a call timed on a run's own clock looks at that clock. */
  private static final long CLOCK_CHECK_NANOS = 1_000_000L;

  private final AtomicLong state = new AtomicLong(IDLE);
  /** The clock the timeout is measured on; null for the system clock (the timer thread's own). */
  private final MiddlewareClock clock;
  private long calls;
  private ScheduledFuture<?> pending;

  Watchdog(MiddlewareClock clock) {
    this.clock = clock;
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "weir-timeout-watchdog");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** Before a call on the current thread: it is interrupted once {@code nanos} have passed. */
  void arm(long nanos) {
    long id = ++calls;
    Thread owner = Thread.currentThread();
    state.set(id);
    if (clock != null) {
      armOnClock(id, owner, nanos);
      return;
    }
    pending = TIMER.schedule(() -> fire(id, owner), nanos, TimeUnit.NANOSECONDS);
  }

  /** A run's own clock moves only when its owner moves it: check it until the deadline is reached. */
  private void armOnClock(long id, Thread owner, long nanos) {
    long deadline = clock.nanoTime() + nanos;
    clock.waitingUntil(deadline);
    pending = TIMER.scheduleWithFixedDelay(() -> {
      if (clock.nanoTime() - deadline >= 0) {
        fire(id, owner);
      }
    }, CLOCK_CHECK_NANOS, CLOCK_CHECK_NANOS, TimeUnit.NANOSECONDS);
  }

  private void fire(long id, Thread owner) {
    if (state.compareAndSet(id, FIRING)) {
      owner.interrupt();
      state.set(FIRED);
    }
  }

  /** After the call: whether it overran (then its interrupt is cleared). */
  boolean disarm() {
    if (state.compareAndSet(calls, IDLE)) {
      pending.cancel(false);
      pending = null;
      doneOnClock();
      return false;
    }
    while (state.get() == FIRING) {
      Thread.onSpinWait(); // the interrupt is being delivered: a few instructions away
    }
    Thread.interrupted();
    state.set(IDLE);
    if (clock != null) {
      pending.cancel(false); // the clock's check repeats until cancelled
    }
    pending = null;
    doneOnClock();
    return true;
  }

  private void doneOnClock() {
    if (clock != null) {
      clock.doneWaiting();
    }
  }
}

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

  private final AtomicLong state = new AtomicLong(IDLE);
  private long calls;
  private ScheduledFuture<?> pending;

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
    pending = TIMER.schedule(() -> {
      if (state.compareAndSet(id, FIRING)) {
        owner.interrupt();
        state.set(FIRED);
      }
    }, nanos, TimeUnit.NANOSECONDS);
  }

  /** After the call: whether it overran (then its interrupt is cleared). */
  boolean disarm() {
    if (state.compareAndSet(calls, IDLE)) {
      pending.cancel(false);
      pending = null;
      return false;
    }
    while (state.get() == FIRING) {
      Thread.onSpinWait(); // the interrupt is being delivered: a few instructions away
    }
    Thread.interrupted();
    state.set(IDLE);
    pending = null;
    return true;
  }
}

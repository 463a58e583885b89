package dev.weir.benchmarks;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.Locale;
import java.util.function.Supplier;

/** The Disruptor wait strategies the raw peers can run with; a fresh instance per ring. */
enum WaitKind {
  YIELDING(YieldingWaitStrategy::new),
  BLOCKING(BlockingWaitStrategy::new),
  LITEBLOCKING(LiteBlockingWaitStrategy::new),
  SLEEPING(SleepingWaitStrategy::new),
  BUSYSPIN(BusySpinWaitStrategy::new);

  private final Supplier<WaitStrategy> factory;

  WaitKind(Supplier<WaitStrategy> factory) {
    this.factory = factory;
  }

  WaitStrategy create() {
    return factory.get();
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static WaitKind parse(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    if (t.endsWith("WAITSTRATEGY")) {
      t = t.substring(0, t.length() - "WAITSTRATEGY".length());
    }
    try {
      return valueOf(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown wait strategy '" + text + "'; one of yielding, blocking, "
          + "liteblocking, sleeping, busyspin");
    }
  }
}

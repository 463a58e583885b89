package dev.weir.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * After a {@code --server} run ended: waits for SIGINT or SIGTERM, so the final state stays served
 * until the operator is done with it; the signal then ends the wait at once (the flow has nothing left
 * to stop). The signals' earlier handlers come back when {@link #await()} returns.
 */
final class ServeUntilSignal {

  private ServeUntilSignal() {}

  /** Waits for SIGINT or SIGTERM; returns the signal's number. */
  static int await() throws InterruptedException {
    CountDownLatch signalled = new CountDownLatch(1);
    int[] number = new int[1];
    List<Signal> installed = new ArrayList<>();
    List<SignalHandler> previous = new ArrayList<>();
    SignalHandler handler = s -> {
      number[0] = s.getNumber();
      signalled.countDown();
    };
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal s = new Signal(name);
        previous.add(Signal.handle(s, handler));
        installed.add(s);
      } catch (IllegalArgumentException unavailable) {
        // not on this platform: only the JVM's own handling ends the process
      }
    }
    try {
      signalled.await();
      return number[0];
    } finally {
      for (int i = 0; i < installed.size(); i++) {
        Signal.handle(installed.get(i), previous.get(i));
      }
    }
  }
}

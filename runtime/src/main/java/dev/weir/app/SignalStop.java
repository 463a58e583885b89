package dev.weir.app;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.StopMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ends a running flow when the program is asked to: the first SIGINT or SIGTERM stops it gracefully,
 * a second cancels it, and a JVM shutdown hook stops it gracefully when the JVM exits for any other
 * reason (SIGHUP, {@code System.exit} elsewhere, or a platform where the signals cannot be caught).
 *
 * <p>Use it around {@link FlowHandle#await()}: {@link #install}, await, {@link #restoreSignals()},
 * print what the run did, then {@link #close()}. The shutdown hook waits (bounded) for the flow to end
 * and for {@code close()}, so that the manifest is finalized and the summary printed before the JVM
 * halts.
 */
final class SignalStop implements AutoCloseable {

  /** The signals a flow handles while it runs, by their names without {@code SIG}. */
  private static final String[] SIGNALS = {"INT", "TERM"};

  /** Beyond the stop deadline: how long the hook waits for a cancel to halt the stages and close the journals. */
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

  /** How long the hook waits, once the flow ended, for the summary and the replay line to be printed. */
  private static final Duration PRINT_GRACE = Duration.ofSeconds(5);

  private final FlowHandle handle;
  private final Duration deadline;
  private final PrintWriter err;
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private final AtomicInteger received = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;
  private volatile int firstSignal;

  private SignalStop(FlowHandle handle, Duration deadline, PrintWriter err) {
    this.handle = handle;
    this.deadline = deadline;
    this.err = err;
    this.hook = new Thread(this::onShutdown, "weir-shutdown-" + handle.flowName());
  }

  /**
   * Handles SIGINT and SIGTERM for {@code handle} until {@link #restoreSignals()}, and registers the
   * shutdown hook until {@link #close()}.
   *
   * @param deadline the flow's stop deadline, for the messages and to bound the hook's wait
   * @param err where one line per signal goes
   */
  static SignalStop install(FlowHandle handle, Duration deadline, PrintWriter err) {
    SignalStop stop = new SignalStop(handle, deadline, err);
    stop.installSignals();
    try {
      Runtime.getRuntime().addShutdownHook(stop.hook);
    } catch (IllegalStateException shuttingDown) {
      stop.stopGracefully("JVM shutting down", null);
    }
    return stop;
  }

  /** The number of the first signal that stopped the flow (2 for SIGINT, 15 for SIGTERM), if one did. */
  OptionalInt firstSignal() {
    int n = firstSignal;
    return n == 0 ? OptionalInt.empty() : OptionalInt.of(n);
  }

  /** Whether SIGINT and SIGTERM are handled here; {@code false} where only the shutdown hook is. */
  synchronized boolean handlesSignals() {
    return !previous.isEmpty();
  }

  /** Gives SIGINT and SIGTERM back to the handlers they had before {@link #install}; idempotent. */
  synchronized void restoreSignals() {
    for (Map.Entry<Signal, SignalHandler> e : previous.entrySet()) {
      try {
        Signal.handle(e.getKey(), e.getValue());
      } catch (IllegalArgumentException cannot) {
        // it was installable a moment ago; nothing better to do than leave ours, which is harmless now
      }
    }
    previous.clear();
  }

  /** Restores the signals, removes the shutdown hook, and lets a running hook return. */
  @Override
  public void close() {
    restoreSignals();
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs (or ran): it returns now that the run is closed
    }
  }

  private synchronized void installSignals() {
    SignalHandler handler = this::onSignal;
    for (String name : SIGNALS) {
      try {
        Signal signal = new Signal(name);
        previous.put(signal, Signal.handle(signal, handler));
      } catch (IllegalArgumentException unavailable) {
        // not on this platform, or reserved (java -Xrs): the shutdown hook stops the flow instead
      }
    }
  }

  private void onSignal(Signal signal) {
    String name = "SIG" + signal.getName();
    if (received.getAndIncrement() == 0) {
      firstSignal = signal.getNumber();
      stopGracefully(name, (signal.getName().equals("INT") ? "press Ctrl-C again" : "send SIGTERM again") + " to cancel");
    } else {
      err.println("weir: " + name + " again: cancelling");
      err.flush();
      handle.stop(StopMode.CANCEL, "on " + name);
    }
  }

  private void stopGracefully(String why, String hint) {
    err.println("weir: " + why + ": stopping gracefully (deadline " + DurationConverter.format(deadline) + ")"
        + (hint == null ? "" : "; " + hint));
    err.flush();
    handle.stop(StopMode.GRACEFUL, "on " + why);
  }

  private void onShutdown() {
    if (closed.getCount() == 0) {
      return;
    }
    if (!handle.state().isTerminal()) {
      stopGracefully("JVM shutting down", null);
    }
    try {
      if (handle.await(deadline.plus(CANCEL_GRACE)).isPresent()) {
        closed.await(PRINT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

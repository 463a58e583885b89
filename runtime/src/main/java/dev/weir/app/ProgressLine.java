package dev.weir.app;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowStatus;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A live line on the terminal while a flow runs: its state, elapsed time, events per second at the
 * sources and the sinks (with their totals), events in flight and errors, redrawn in place
 * {@value #PER_SECOND} times a second on stderr and cleared before the summary. Only when stderr is a
 * terminal: nothing of it reaches a log file or a pipe.
 */
final class ProgressLine implements AutoCloseable {

  static final int PER_SECOND = 4;
  private static final String CLEAR = "\r\033[2K";

  private final FlowHandle handle;
  private final PrintStream terminal;
  private final Thread thread;
  private volatile boolean closed;

  private ProgressLine(FlowHandle handle, PrintStream terminal) {
    this.handle = handle;
    this.terminal = terminal;
    this.thread = new Thread(this::run, "weir-" + handle.flowName() + "-progress");
    this.thread.setDaemon(true);
  }

  /** Starts the line on {@code System.err} if it is a terminal; otherwise returns one that does nothing. */
  static ProgressLine start(FlowHandle handle) {
    ProgressLine line = new ProgressLine(handle, System.err);
    if (stderrIsATerminal()) {
      line.thread.start();
    }
    return line;
  }

  /** On Linux, what file descriptor 2 points at; elsewhere, whether the JVM has a console at all. */
  static boolean stderrIsATerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.exists(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    return System.console() != null;
  }

  private void run() {
    FlowStatus before = null;
    long beforeNanos = 0;
    try {
      while (!closed && !handle.state().isTerminal()) {
        FlowStatus now = handle.status();
        long nanos = System.nanoTime();
        String line = format(now, before, (nanos - beforeNanos) / 1e9);
        synchronized (this) {
          if (!closed) {
            terminal.print(CLEAR + line);
            terminal.flush();
          }
        }
        before = now;
        beforeNanos = nanos;
        Thread.sleep(1000 / PER_SECOND);
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /**
   * One line: {@code orders RUNNING 3.2 s | sources 1,200/s (2,000) | sinks 950/s (1,800) | in flight 230 |
   * errors 44}; the rates over the time since {@code before} (none on the first line).
   */
  static String format(FlowStatus now, FlowStatus before, double seconds) {
    long sourced = sum(now, StageKind.SOURCE, true);
    long sunk = sum(now, StageKind.SINK, false);
    long inFlight = 0;
    long errors = 0;
    for (StageStatus s : now.stages()) {
      inFlight += s.ringOccupancy();
      errors += s.errors();
    }
    StringBuilder sb = new StringBuilder();
    sb.append(now.flow()).append(' ').append(now.state()).append(' ')
        .append(String.format(Locale.ROOT, "%.1f s", now.elapsedMillis() / 1e3));
    sb.append(" | sources ").append(rate(sourced, before == null ? -1 : sum(before, StageKind.SOURCE, true), seconds))
        .append(" (").append(String.format(Locale.ROOT, "%,d", sourced)).append(')');
    sb.append(" | sinks ").append(rate(sunk, before == null ? -1 : sum(before, StageKind.SINK, false), seconds))
        .append(" (").append(String.format(Locale.ROOT, "%,d", sunk)).append(')');
    sb.append(" | in flight ").append(String.format(Locale.ROOT, "%,d", inFlight));
    sb.append(" | errors ").append(String.format(Locale.ROOT, "%,d", errors));
    return sb.toString();
  }

  private static long sum(FlowStatus s, StageKind kind, boolean emitted) {
    long n = 0;
    for (StageStatus st : s.stages()) {
      if (st.kind() == kind) {
        n += emitted ? st.emitted() : st.received();
      }
    }
    return n;
  }

  private static String rate(long now, long before, double seconds) {
    if (before < 0 || seconds <= 0) {
      return "-/s";
    }
    return String.format(Locale.ROOT, "%,.0f/s", (now - before) / seconds);
  }

  /** Stops redrawing and clears the line, so the summary starts on a clean line. */
  @Override
  public void close() {
    if (!thread.isAlive()) {
      return;
    }
    closed = true;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      terminal.print(CLEAR);
      terminal.flush();
    }
  }
}

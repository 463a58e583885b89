package dev.weir.engine;

import dev.weir.api.AsyncTransform;
import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an {@link AsyncTransform}: starts a call per input while fewer than {@code maxInFlight} are
 * outstanding, and emits results in input order as the oldest calls complete, so one slow call
 * holds back emission but not the calls behind it. A call that fails or outlives its timeout
 * dead-letters its input: {@code TIMEOUT} for a timeout, else the exception's kind ({@code REMOTE}
 * when it names none). An {@link Error} (or a {@link ClassCastException}) from the call, as from
 * any handler, dead-letters the input and fails the flow.
 */
final class AsyncTransformRunner extends StageRunner {

  private final AsyncTransform<Object, Object> transform;
  private final int maxInFlight;
  private final long timeoutNanos;
  private final String timeoutText;
  private final Pending[] window;
  private int head;
  private int inFlight;
  /** The call whose result is being handled, while it is. */
  private Pending finishing;

  /** An outstanding call and the input it belongs to. */
  private static final class Pending {
    CompletableFuture<Object> result;
    Object input;
    int upstream;
    long seq;
    long correlation;
    int depth;
    /** Which input of the stage it is (1-based), for the error budget's window. */
    long inputNumber;
  }

  @SuppressWarnings("unchecked")
  AsyncTransformRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler) {
    super(index, definition, supervisor, data, errors);
    this.transform = (AsyncTransform<Object, Object>) handler;
    int max = transform.maxInFlight();
    if (max < 1) {
      throw new IllegalArgumentException("async stage '" + name() + "': maxInFlight must be >= 1, got " + max);
    }
    Duration timeout = transform.timeout();
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("async stage '" + name() + "': timeout must be positive, got " + timeout);
    }
    this.maxInFlight = max;
    this.timeoutNanos = timeout.toNanos();
    this.timeoutText = text(timeout);
    this.window = new Pending[max];
    for (int i = 0; i < max; i++) {
      window[i] = new Pending();
    }
  }

  @Override
  void execute() throws Exception {
    StageInput[] all = inputs();
    Parker.Readiness ready = () -> halted() || (inFlight > 0 && window[head].result.isDone())
        || (inFlight < maxInFlight && inputReady());
    while (!inputsEnded() || inFlight > 0) {
      if (halted()) {
        throw Halted.INSTANCE;
      }
      beginBatch();
      int progress = emitCompleted();
      if (replaying()) { // follow the archived order of the inputs, at most the free window
        if (inFlight < maxInFlight) {
          progress += pollRound(all, maxInFlight - inFlight, null, 0);
        }
      } else {
        for (int i = 0; i < all.length; i++) {
          if (!all[i].ended() && inFlight < maxInFlight) {
            progress += pollInput(all[i], i, maxInFlight - inFlight);
          }
        }
      }
      progress += emitCompleted();
      if (progress > 0) {
        flushJournals();
        resetBackoff();
      } else {
        idle(ready);
      }
    }
    complete();
  }

  @Override
  void onData(Slot slot, int upstream) {
    CompletableFuture<Object> call;
    try {
      call = transform.apply(slot.payload).toCompletableFuture().copy();
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("apply", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
      return;
    }
    Pending p = window[(head + inFlight) % maxInFlight];
    p.result = call.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    p.input = slot.payload;
    p.upstream = upstream;
    p.seq = slot.seq;
    p.correlation = slot.correlation;
    p.depth = slot.depth;
    p.inputNumber = received;
    inFlight++;
    Parker me = parker();
    p.result.whenComplete((v, e) -> me.wake());
  }

  /** Emits the results of the oldest calls that have completed, in input order. */
  private int emitCompleted() {
    int done = 0;
    while (inFlight > 0 && window[head].result.isDone()) {
      Pending p = window[head];
      finish(p);
      p.result = null;
      p.input = null;
      head = (head + 1) % maxInFlight;
      inFlight--;
      done++;
    }
    return done;
  }

  private void finish(Pending p) {
    finishing = p;
    try {
      settle(p);
    } finally {
      finishing = null;
    }
  }

  /** A call that fails is that input's: its number, not the latest input's, goes into the error budget's window. */
  @Override
  long failedInput() {
    Pending p = finishing;
    return p != null ? p.inputNumber : super.failedInput();
  }

  private void settle(Pending p) {
    Object value;
    try {
      value = p.result.get();
    } catch (ExecutionException | CompletionException | CancellationException e) {
      Throwable cause = e instanceof CancellationException || e.getCause() == null ? e : e.getCause();
      if (cause instanceof Error || cause instanceof ClassCastException) {
        handlerBroke("async call", p.input, p.upstream, p.seq, p.correlation, p.depth, cause);
        return;
      }
      if (cause instanceof TimeoutException && cause.getMessage() == null) { // orTimeout's: say what timed out
        TimeoutException named = new TimeoutException("async call of stage '" + name() + "' for input seq " + p.seq
            + " from '" + upstreamName(p.upstream) + "' did not complete within " + timeoutText);
        named.setStackTrace(new StackTraceElement[0]);
        cause = named;
      }
      deadLetter(p.input, p.upstream, p.seq, p.correlation, p.depth, kindOf(cause), cause);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Halted.INSTANCE;
    }
    if (value == null) {
      deadLetter(p.input, p.upstream, p.seq, p.correlation, p.depth,
          new StageException(ErrorKind.VALIDATION, "async stage '" + name() + "' completed with null"));
      return;
    }
    output().context(p.upstream, p.seq, p.correlation, p.depth);
    output().emit(value);
  }

  /** A duration as people write it: {@code 30s}, {@code 250ms}, {@code 2m}. */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return d.toNanos() + "ns";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** A timeout is {@code TIMEOUT}; a {@link StageException} keeps its kind; any other failure is {@code REMOTE}. */
  private static ErrorKind kindOf(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return ErrorKind.TIMEOUT;
    }
    if (cause instanceof StageException se) {
      return se.kind();
    }
    return ErrorKind.REMOTE;
  }
}

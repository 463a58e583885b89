package dev.weir.engine;

import dev.weir.api.AsyncTransform;
import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import dev.weir.flow.EventRef;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import dev.weir.middleware.StageMiddleware;
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
  /** The call's timeout: the handler's own, or the stage's {@code @Timeout} (set when the stage starts). */
  private long timeoutNanos;
  private String timeoutText;
  private final Pending[] window;
  private int head;
  private int inFlight;
  /** The call whose result is being handled, while it is. */
  private Pending finishing;
  /**
   * The outcomes an earlier run journaled for this stage's inputs (a resumed run's own, or on a replay
   * an {@code Effect}'s archived ones), used instead of calling again; null to call for every input.
   */
  private dev.weir.replay.ArchivedOutcomes recorded;
  /** Whose outcomes {@link #recorded} holds, for messages. */
  private String recordedBy;
  private long recordedUsed;
  private static final CompletableFuture<Object> RECORDED = CompletableFuture.completedFuture(null);

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
    /** With middleware: calls made so far for this input. */
    int attempts;
    /** With middleware: its result is the fallback's answer. */
    boolean fallback;
    /** With middleware: its outcome was recorded while retrying it (dead-lettered): nothing left to emit. */
    boolean handled;
    /** On a run's own clock: when the call times out, in that clock's terms. */
    long deadline;
    /** The outcome an earlier run journaled for this input, used instead of a call; else null. */
    dev.weir.flow.JournalRecord recordedOutcome;
  }

  /**
   * Answers every input that {@code outcomes} holds an outcome for with that outcome (its output, or
   * its dead letter) instead of calling the handler: the call was made, and its outcome journaled, by
   * {@code by} ("the interrupted run", "the archived run"). Inputs without one are called as usual.
   */
  void useRecordedOutcomes(dev.weir.replay.ArchivedOutcomes outcomes, String by) {
    this.recorded = outcomes;
    this.recordedBy = by;
  }

  /** Whether {@link #recorded} answers this input: then it is in the window, its outcome waiting its turn. */
  private boolean answeredFromRecord(Slot slot, int upstream) {
    dev.weir.flow.JournalRecord r = recorded.outcome(upstreamName(upstream), slot.seq, slot.correlation, slot.depth,
        slot.payloadCrc);
    if (r == null) {
      if (recorded.divergedAtLastMiss()) {
        fail("async stage '" + name() + "': " + recordedBy + " " + recorded.lastMiss() + " than this run hands it: the"
            + " flow upstream did not do again what it did", null);
      }
      return false;
    }
    Pending p = nextPending(slot, upstream);
    p.result = RECORDED;
    p.recordedOutcome = r;
    inFlight++;
    recordedUsed++;
    return true;
  }

  /** The window's next free place, set up for the input {@code slot} from {@code upstream}. */
  private Pending nextPending(Slot slot, int upstream) {
    Pending p = window[(head + inFlight) % maxInFlight];
    p.input = slot.payload;
    p.upstream = upstream;
    p.seq = slot.seq;
    p.correlation = slot.correlation;
    p.depth = slot.depth;
    p.inputNumber = received;
    p.attempts = 0;
    p.fallback = false;
    p.handled = false;
    return p;
  }

  /** Emits, or dead-letters, what the earlier run journaled for {@code p}'s input. */
  private void settleRecorded(Pending p) {
    dev.weir.flow.JournalRecord r = p.recordedOutcome;
    p.recordedOutcome = null;
    if (r.kind() == dev.weir.flow.RecordKind.DATA) {
      output().context(p.upstream, p.seq, p.correlation, p.depth);
      if (r.fallback()) {
        output().emitFallback(r.payload());
      } else {
        output().emit(r.payload());
      }
    } else {
      dev.weir.flow.DeadLetter letter = (dev.weir.flow.DeadLetter) r.payload();
      deadLetter(p.upstream, p.seq, p.correlation, p.depth, new dev.weir.flow.DeadLetter(letter.kind(),
          letter.exception(), letter.message(), p.input, letter.attempts()));
    }
  }

  @Override
  String completionNote() {
    return recorded == null || recordedUsed == 0 ? "" : recordedUsed + " outcomes taken from " + recordedBy
        + ", not called again";
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
    StageMiddleware stack = middleware();
    if (stack != null && stack.timeout().isPresent()) { // @Timeout replaces the handler's own timeout
      timeoutNanos = stack.timeout().get().toNanos();
      timeoutText = text(stack.timeout().get()) + " (@Timeout)";
    }
    StageInput[] all = inputs();
    Parker.Readiness ready = () -> halted() || (inFlight > 0 && window[head].result.isDone())
        || (inFlight < maxInFlight && inputReady());
    while (!inputsEnded() || inFlight > 0) {
      if (halted()) {
        throw Halted.INSTANCE;
      }
      beginBatch();
      int progress = emitCompleted();
      if (replaying() || (takesTurns() && all.length > 1)) { // the archived or the seeded order of the inputs
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
      }
      if (timerClockOrNull() != null) {
        progress += expireCalls(); // after the flush: the kit sees the next deadline only once the last is journaled
      }
      if (progress == 0) {
        idle(ready);
      }
    }
    complete();
  }

  @Override
  void onData(Slot slot, int upstream) {
    if (recorded != null && answeredFromRecord(slot, upstream)) {
      return;
    }
    StageMiddleware stack = middleware();
    if (stack != null) {
      startThroughMiddleware(stack, slot, upstream);
      return;
    }
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
    p.result = timed(call, p);
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

  /**
   * The first call for one input through the stage's middleware: paced, admitted by the breaker
   * (or answered by the fallback, turned away, or the flow fails), then started like any call.
   */
  private void startThroughMiddleware(StageMiddleware stack, Slot slot, int upstream) {
    StageMiddleware.Outcome admitted = stack.admit(new EventRef(upstreamName(upstream), slot.seq), true, stageWait());
    Pending p = nextPending(slot, upstream);
    if (admitted == StageMiddleware.Outcome.CALL) {
      if (!call(stack, p)) {
        p.input = null;
        return;
      }
    } else if (!notCalled(stack, admitted, p)) {
      p.input = null;
      return;
    }
    inFlight++;
  }

  /**
   * Starts one call for {@code p}'s input; its end is reported to the breaker where it completes.
   * False when {@code apply} itself threw (the input is then dead-lettered or the flow failed).
   */
  private boolean call(StageMiddleware stack, Pending p) {
    p.attempts++;
    long started = System.nanoTime();
    CompletableFuture<Object> call;
    try {
      call = transform.apply(p.input).toCompletableFuture().copy();
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      stack.callEnded(System.nanoTime() - started, e, ErrorKind.UNKNOWN);
      handlerBroke("apply", p.input, p.upstream, p.seq, p.correlation, p.depth, e);
      return false;
    } catch (Exception e) {
      stack.callEnded(System.nanoTime() - started, e, ErrorClassifier.classify(e));
      deadLetterAfter(p.input, p.upstream, p.seq, p.correlation, p.depth, ErrorClassifier.classify(e), e, p.attempts);
      return false;
    }
    p.result = timed(call, p);
    Parker me = parker();
    p.result.whenComplete((v, e) -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      stack.callEnded(System.nanoTime() - started, cause, cause == null ? null : kindOf(cause));
      me.wake();
    });
    return true;
  }

  /**
   * An input the breaker did not let through: the fallback's answer takes its place in the window
   * (emitted in input order); otherwise it is dead-lettered as {@code CIRCUIT_OPEN} (false), or
   * the flow fails.
   */
  private boolean notCalled(StageMiddleware stack, StageMiddleware.Outcome outcome, Pending p) {
    int attempts = Math.max(1, p.attempts);
    switch (outcome) {
      case FALLBACK -> {
        try {
          p.result = CompletableFuture.completedFuture(stack.fallback(p.input));
          p.fallback = true;
          return true;
        } catch (Halted h) {
          throw h;
        } catch (ClassCastException | Error e) {
          handlerBroke("fallback", p.input, p.upstream, p.seq, p.correlation, p.depth, e);
        } catch (Exception e) {
          deadLetterAfter(p.input, p.upstream, p.seq, p.correlation, p.depth, ErrorClassifier.classify(e), e, attempts);
        }
        return false;
      }
      case FAIL_FLOW -> fail(stack.failure().getMessage() + "; input seq " + p.seq + " from '" + upstreamName(p.upstream)
          + "' was not processed (it stays in its upstream journal)", stack.failure());
      default -> deadLetterAfter(p.input, p.upstream, p.seq, p.correlation, p.depth, stack.failureKind(),
          stack.failure(), attempts);
    }
    return false;
  }

  /**
   * With middleware, the failed call of the oldest input: made again after its backoff (true: the
   * input stays at the head of the window, its new call pending), or answered by the fallback
   * after a transient failure (true, its answer now the head's result), else false: the caller
   * dead-letters it.
   */
  private boolean retryOrFallBack(StageMiddleware stack, Pending p, Throwable cause, ErrorKind kind) {
    if (stack.retriesAfter(kind, p.attempts)) {
      stack.retryAfter(p.attempts, cause, kind, stageWait());
      StageMiddleware.Outcome admitted = stack.admit(new EventRef(upstreamName(p.upstream), p.seq), false, stageWait());
      if (admitted == StageMiddleware.Outcome.CALL) {
        if (call(stack, p)) {
          return true;
        }
        p.handled = true; // dead-lettered by call
        return true;
      }
      if (notCalled(stack, admitted, p)) {
        return true;
      }
      p.handled = true; // dead-lettered by notCalled (or the flow failed)
      return true;
    }
    if (stack.fallsBackAfter(kind)) {
      if (notCalled(stack, StageMiddleware.Outcome.FALLBACK, p)) {
        return true;
      }
      p.handled = true; // dead-lettered by notCalled (or the flow failed)
      return true;
    }
    return false;
  }

  /**
   * {@code call} under the stage's timeout: on the system clock, {@code orTimeout}; on a run's own
   * clock (the test kit's), the call's deadline on that clock, which {@link #expireCalls} enforces.
   */
  private CompletableFuture<Object> timed(CompletableFuture<Object> call, Pending p) {
    TimerClock clock = timerClockOrNull();
    if (clock == null) {
      return call.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }
    p.deadline = clock.nanoTime() + timeoutNanos;
    return call; // a copy: failing it on timeout leaves the handler's own future alone
  }

  /**
   * On a run's own clock: fails every outstanding call whose deadline the clock has reached with a
   * {@link TimeoutException} (dead-lettered as {@code TIMEOUT} when it reaches the head of the
   * window), then shows the next deadline as this stage's timer, so that the one moving the clock
   * steps to it and wakes this stage there. Returns how many calls it failed.
   */
  private int expireCalls() {
    long now = timerNow();
    long next = NO_TIMER;
    int expired = 0;
    for (int k = 0; k < inFlight; k++) {
      Pending p = window[(head + k) % maxInFlight];
      if (p.handled || p.fallback || p.result == null || p.result.isDone()) {
        continue;
      }
      if (now - p.deadline >= 0) {
        p.result.completeExceptionally(new TimeoutException()); // named() says what timed out
        expired++;
      } else {
        next = Math.min(next, p.deadline);
      }
    }
    if (expired == 0 && next != timerDeadline) {
      timerDeadline = next;
      publishTimerDeadline();
    }
    return expired;
  }

  /** Emits the results of the oldest calls that have completed, in input order. */
  private int emitCompleted() {
    if (inFlight > 0 && window[head].result.isDone()) {
      nowActive(); // seeded: a result to emit makes the stage busy again
    }
    int done = 0;
    while (inFlight > 0 && window[head].result.isDone()) {
      Pending p = window[head];
      if (!finish(p)) {
        continue; // retried: its new call (or answer) is the head's result now
      }
      p.result = null;
      p.input = null;
      head = (head + 1) % maxInFlight;
      inFlight--;
      done++;
    }
    return done;
  }

  /** Settles the head's call; false when it was retried or replaced by a fallback answer instead. */
  private boolean finish(Pending p) {
    finishing = p;
    try {
      return settle(p);
    } finally {
      finishing = null;
    }
  }



  /** On the system clock, calls in flight keep a seeded run busy: they complete or time out by themselves. */
  @Override
  boolean busyOffThread() {
    return inFlight > 0 && timerClockOrNull() == null;
  }

  /**
   * On the run's own clock, pending calls wait for it (their timeout) or for the test to complete
   * them; with its window full the stage takes no input until one does.
   */
  @Override
  boolean waitsOnClock() {
    return inFlight == maxInFlight && timerClockOrNull() != null;
  }

  /** A call that fails is that input's: its number, not the latest input's, goes into the error budget's window. */
  @Override
  long failedInput() {
    Pending p = finishing;
    return p != null ? p.inputNumber : super.failedInput();
  }

  private boolean settle(Pending p) {
    if (p.recordedOutcome != null) {
      settleRecorded(p);
      return true;
    }
    StageMiddleware stack = middleware();
    if (stack != null) {
      return settleThroughMiddleware(stack, p);
    }
    Object value;
    try {
      value = p.result.get();
    } catch (ExecutionException | CompletionException | CancellationException e) {
      Throwable cause = failureOf(e);
      if (cause instanceof Error || cause instanceof ClassCastException) {
        handlerBroke("async call", p.input, p.upstream, p.seq, p.correlation, p.depth, cause);
        return true;
      }
      deadLetter(p.input, p.upstream, p.seq, p.correlation, p.depth, kindOf(cause), named(cause, p));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Halted.INSTANCE;
    }
    if (value == null) {
      deadLetter(p.input, p.upstream, p.seq, p.correlation, p.depth,
          new StageException(ErrorKind.VALIDATION, "async stage '" + name() + "' completed with null"));
      return true;
    }
    output().context(p.upstream, p.seq, p.correlation, p.depth);
    output().emit(value);
    return true;
  }

  /**
   * {@link #settle} for a stage with middleware: a failed call is retried or answered by the
   * fallback (false: the head is not done yet), or dead-lettered with its attempts; a fallback's
   * answer is emitted marked as such.
   */
  private boolean settleThroughMiddleware(StageMiddleware stack, Pending p) {
    if (p.handled) {
      return true;
    }
    Object value;
    try {
      value = p.result.get();
    } catch (ExecutionException | CompletionException | CancellationException e) {
      Throwable cause = failureOf(e);
      if (cause instanceof Error || cause instanceof ClassCastException) {
        handlerBroke("async call", p.input, p.upstream, p.seq, p.correlation, p.depth, cause);
        return true;
      }
      cause = named(cause, p);
      ErrorKind kind = kindOf(cause);
      if (retryOrFallBack(stack, p, cause, kind)) {
        return false;
      }
      deadLetterAfter(p.input, p.upstream, p.seq, p.correlation, p.depth, kind, cause, p.attempts);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Halted.INSTANCE;
    }
    if (value == null) {
      String what = p.fallback ? "the fallback of async stage '" + name() + "' returned null"
          : "async stage '" + name() + "' completed with null";
      deadLetterAfter(p.input, p.upstream, p.seq, p.correlation, p.depth, ErrorKind.VALIDATION,
          new StageException(ErrorKind.VALIDATION, what), Math.max(1, p.attempts));
      return true;
    }
    output().context(p.upstream, p.seq, p.correlation, p.depth);
    if (p.fallback) {
      output().emitFallback(value);
      stack.answeredByFallback();
    } else {
      output().emit(value);
    }
    return true;
  }

  private static Throwable failureOf(Exception e) {
    return e instanceof CancellationException || e.getCause() == null ? e : e.getCause();
  }

  /** orTimeout's exception has no message: say what timed out. */
  private Throwable named(Throwable cause, Pending p) {
    if (cause instanceof TimeoutException && cause.getMessage() == null) {
      TimeoutException named = new TimeoutException("async call of stage '" + name() + "' for input seq " + p.seq
          + " from '" + upstreamName(p.upstream) + "' did not complete within " + timeoutText);
      named.setStackTrace(new StackTraceElement[0]);
      return named;
    }
    return cause;
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

package dev.weir.engine;

import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.Source;
import dev.weir.api.StageException;
import dev.weir.contract.ContractViolation;
import dev.weir.contract.SourceContract;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import dev.weir.middleware.StageMiddleware;
import dev.weir.middleware.Transience;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs a {@link Source}: waits for the start signal, calls {@code next} until the source is
 * exhausted or a graceful stop, checks the source contract, and writes its end of stream. The
 * source is closed once on every path: at its end, and on cancel, halt or failure.
 */
final class SourceRunner extends StageRunner {

  /** Longest pause between calls of a source whose {@code next} found nothing. */
  static final long MAX_IDLE_PARK_NANOS = 10_000_000L;
  private static final long MIN_IDLE_PARK_NANOS = 50_000L;

  private final Source<Object> source;
  private final Parker.Readiness startReady = () -> halted() || stopRequested() || supervisor().sourcesReleased();
  private final Parker.Readiness stopReady = () -> halted() || stopRequested();
  private volatile boolean stopRequested;
  private boolean closed;
  private long idleParkNanos = MIN_IDLE_PARK_NANOS;
  /** With a {@code @Retry}: what one call of {@code next} emitted, published once the call succeeded. */
  private final AttemptBuffer attempt = new AttemptBuffer();
  /** With a {@code @RateLimit}: the output, each event taking a permit first. */
  private Emitter<Object> paced;

  @SuppressWarnings("unchecked")
  SourceRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler) {
    super(index, definition, supervisor, data, errors);
    this.source = (Source<Object>) handler;
  }

  /** The source this runner runs (an archived one on replay). */
  Source<Object> source() {
    return source;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  /** Graceful stop: the source stops after its current {@code next} and writes its end of stream. */
  void requestStop() {
    stopRequested = true;
    parker().wakeAlways();
  }

  @Override
  void execute() throws Exception {
    try {
      produce();
    } finally {
      if (!closed) { // cancelled, halted or failed: close anyway, and record a close failure
        Throwable failure = closeSource();
        if (failure != null) {
          try {
            // recorded in the error journal (a source has no input: the record holds no payload)
            recordFailure("", -1, 0, 0, 0, dev.weir.api.ErrorKind.UNKNOWN, closeFailure(failure));
            flushOwnJournals();
          } catch (RuntimeException recordFailed) {
            failure.addSuppressed(recordFailed);
          }
          supervisor().stageFailed(this, closeFailure(failure), failure); // fails the flow only if nothing else did
        }
      }
    }
  }

  private void produce() throws Exception {
    StageOutput out = output();
    out.rootContext();
    awaitSignal(startReady);
    boolean exhausted = false;
    while (!stopRequested) {
      if (halted()) {
        throw Halted.INSTANCE;
      }
      beginBatch();
      long before = out.written();
      boolean more;
      StageMiddleware stack = middleware();
      try {
        more = stack == null ? source.next(out) : nextThroughMiddleware(stack, out);
      } catch (Halted h) {
        throw h;
      } catch (Exception | Error e) {
        fail("source '" + name() + "' failed: " + e, e);
        return;
      }
      clearInterrupt(); // the source's own interrupts must not reach journal I/O or parking
      // Each call ends a batch: the next call may block waiting for input, and what this one
      // emitted must not wait with it. Sources emit what is ready in one call (see Source#next).
      flushJournals();
      boolean found = out.written() != before;
      if (!more) {
        exhausted = true;
        break;
      }
      if (!found) {
        idleBetweenCalls();
      } else {
        resetBackoff();
        idleParkNanos = MIN_IDLE_PARK_NANOS;
      }
    }
    Throwable closeFailed = closeSource();
    if (closeFailed != null) {
      fail(closeFailure(closeFailed), closeFailed);
    }
    checkSourceContract(exhausted);
    complete();
  }

  /**
   * One call of {@code next} through the source's middleware: with a {@code @RateLimit} each event
   * it emits waits for a permit (the source is paced, never dropped); with a {@code @Retry} a call
   * that fails transiently is made again after its backoff, what a failed call emitted discarded,
   * and a call that fails for good fails the source, naming the attempts.
   */
  private boolean nextThroughMiddleware(StageMiddleware stack, StageOutput out) throws Exception {
    Emitter<Object> target = out;
    if (stack.paces()) {
      if (paced == null) {
        paced = new Emitter<>() {
          @Override
          public void emit(Object item) {
            stack.pace(stageWait());
            out.emit(item);
          }

          @Override
          public void reject(String raw, ErrorKind kind, String reason) {
            out.reject(raw, kind, reason);
          }
        };
      }
      target = paced;
    }
    if (!stack.retries()) {
      return source.next(target);
    }
    for (int attempts = 1; ; attempts++) {
      attempt.clear();
      boolean more;
      try {
        more = source.next(attempt);
      } catch (Halted | Error | ClassCastException e) {
        throw e;
      } catch (Exception e) {
        ErrorKind kind = ErrorClassifier.classify(e);
        if (Transience.isTransient(kind) && attempts < stack.maxAttempts()) {
          stack.retryAfter(attempts, e, kind, stageWait());
          continue;
        }
        if (attempts > 1) {
          throw new StageException(kind, "gave up after " + attempts + " attempts (@Retry), the last failed with " + e, e);
        }
        throw e;
      }
      attempt.publish(target);
      return more;
    }
  }

  /** Calls {@code close} once, whatever ended the source; returns what it threw. */
  private Throwable closeSource() {
    closed = true;
    clearInterrupt(); // a halt's interrupt must not make closing files fail
    try {
      source.close();
      return null;
    } catch (Exception | Error e) {
      return e;
    }
  }

  private String closeFailure(Throwable e) {
    return "closing source '" + name() + "' failed: " + e;
  }

  /** A source that found nothing: pause with a growing park, still woken at once by a stop. */
  private void idleBetweenCalls() {
    syncPending();
    parker().park(stopReady, idleParkNanos);
    idleParkNanos = Math.min(MAX_IDLE_PARK_NANOS, idleParkNanos * 2);
  }

  private void checkSourceContract(boolean exhausted) {
    long written = dataJournal().lastSeq();
    OptionalLong expected = source.expectedCount();
    if (expected.isEmpty()) {
      supervisor().contractPassed("source " + name(), "no declared count; wrote " + written + " events");
    } else if (!exhausted) {
      supervisor().contractPassed("source " + name(), "stopped before its end: wrote " + written + " of the "
          + expected.getAsLong() + " declared events");
    } else {
      Optional<ContractViolation> broken = SourceContract.check(name(), expected.getAsLong(), written);
      if (broken.isPresent()) {
        contractBroken(broken.get());
      }
      supervisor().contractPassed("source " + name(), SourceContract.passedEvidence(written));
    }
  }

  @Override
  void onData(Slot slot, int upstream) {
    throw new IllegalStateException("a source has no input");
  }

  /** A source reads from outside the flow: each event it emitted and each record it rejected is one input. */
  @Override
  long inputsSoFar() {
    return emitted + errors;
  }
}

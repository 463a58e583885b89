package dev.weir.engine;

import dev.weir.api.DeliveryKey;
import dev.weir.api.KeyedSink;
import dev.weir.api.Sink;
import dev.weir.contract.ContractViolation;
import dev.weir.contract.DeliveryContract;
import dev.weir.event.Checksum;
import dev.weir.api.ErrorKind;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import dev.weir.middleware.StageMiddleware;
import dev.weir.replay.ArchivedOutcomes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs a {@link Sink}: consumes each input, calls the sink's {@code flush} at the end of every
 * batch, and only then journals one delivery receipt per input the batch consumed, so that a
 * receipt never names an event the sink did not deliver. At end of input it flushes the sink once
 * more and checks the delivery contract against the receipts in its journal.
 *
 * <p>A {@link KeyedSink} gets each item with its {@link DeliveryKey}: the run the events belong to
 * ({@code deliveryRun}: this run, or the run a replay replays), the upstream stage and the seq. The
 * sink's {@code complete()} runs once its input ended and the delivery contract held; on any other
 * end (failure, broken contract, cancel) its {@code abort()} runs instead, on this thread.
 *
 * <p>A sink that a replay skips ({@code ReplaySinks.SKIP}) has no handler: for each input it writes
 * what the archived run's sink wrote for that input (see {@link ArchivedOutcomes}), so its journals
 * verify against the original's while nothing is delivered again.
 */
final class SinkRunner extends StageRunner {

  /** Fields of one pending receipt in {@link #pending}: upstream, seq, correlation, depth, fallback (1) or not (0). */
  private static final int FIELDS = 5;

  private final Sink<Object> sink;
  /** The sink when it wants each item's key, else null. */
  private final KeyedSink<Object> keyed;
  /** The run whose events this sink delivers, for the keys of a keyed sink. */
  private final String deliveryRun;
  private final Journal receipts;
  private final FaultInjector faults;
  private long consumed;
  /** The receipts of the current batch, waiting for the sink's flush; reused batch after batch. */
  private long[] pending = new long[POLL_BUDGET * FIELDS];
  private int pendingCount;
  /** For a sink a replay skips: the archived run's outcomes, else null. */
  private final ArchivedOutcomes skipped;
  /** For a skipped sink: dead letters copied from the archive, and inputs the archive has no outcome for. */
  private long copiedErrors;
  private long unmatched;
  /**
   * On a resumed run: what the interrupted run's sink journaled for each input it finished (copied,
   * not delivered again), else null; and by upstream, the last seq the interrupted run could have
   * handed this sink (an input up to there without a journaled outcome may have been delivered).
   */
  private ArchivedOutcomes journaled;
  private long[] handedUpTo;
  private long retried;

  /**
   * As a sink with {@code handler}, or, with {@code skipped} (and no handler), one that a replay skips;
   * {@code deliveryRun} is the run id in the keys a {@link KeyedSink} gets.
   */
  @SuppressWarnings("unchecked")
  SinkRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler,
      FaultInjector faults, ArchivedOutcomes skipped, String deliveryRun) {
    super(index, definition, supervisor, data, errors);
    this.sink = (Sink<Object>) handler;
    this.keyed = handler instanceof KeyedSink<?> k ? (KeyedSink<Object>) k : null;
    this.deliveryRun = deliveryRun;
    this.receipts = data;
    this.faults = faults;
    this.skipped = skipped;
    if ((handler == null) == (skipped == null)) {
      throw new IllegalArgumentException("sink '" + definition.name() + "' needs either a handler or archived outcomes");
    }
  }

  @Override
  void execute() throws Exception {
    boolean completed = false;
    try {
      consumeInputs();
      finish();
      completed = true;
    } finally {
      if (!completed) {
        abortSink();
      }
    }
  }

  /** A sink with one input and no middleware, delivering for this run, can run on its upstream's thread. */
  @Override
  boolean fusable() {
    return inputs().length == 1 && inputs()[0] instanceof EdgeInput && middleware() == null && sink != null
        && !replaying();
  }

  @Override
  void finishFused() throws Exception {
    finish();
  }

  @Override
  void abandon() {
    abortSink();
  }

  /** At end of input: the last flush, the delivery contract, the sink's completion, the end of stream. */
  private void finish() throws Exception {
    {
      endBatch(); // nothing is pending here; the end-of-input flush below is the sink's last
      flushSink("at end of input");
      flushJournals();
      Optional<ContractViolation> broken =
          DeliveryContract.check(name(), received, consumed, errors, receipts.lastSeq());
      if (broken.isPresent()) {
        contractBroken(broken.get());
      }
      completeSink();
    }
    supervisor().contractPassed("delivery " + name(), DeliveryContract.passedEvidence(consumed, errors));
    complete();
  }

  private void completeSink() {
    if (sink == null) {
      return;
    }
    try {
      sink.complete();
    } catch (Halted h) {
      throw h;
    } catch (Exception | Error e) {
      fail("completing sink '" + name() + "' failed at end of input: " + e, e);
    }
  }

  /** Lets the sink discard what it left half-made; fails the flow only if nothing else did. */
  private void abortSink() {
    if (sink == null) {
      return;
    }
    clearInterrupt(); // a halt's interrupt must not make deleting a file fail
    try {
      sink.abort();
    } catch (Exception | Error e) {
      supervisor().stageFailed(this, "aborting sink '" + name() + "' failed: " + e, e);
    }
  }

  /**
   * Makes this sink go on from an interrupted run: an input whose receipt or dead letter is in
   * {@code outcomes} gets it copied and is not delivered again; the others are delivered, and a
   * {@link KeyedSink} is told an input may be a retry when its seq is at most
   * {@code handedUpTo[upstream]} (its upstream's journal held it, so the interrupted run may have
   * delivered it without journaling the receipt).
   */
  void resumeWith(ArchivedOutcomes outcomes, long[] handedUpTo) {
    if (sink == null) {
      throw new IllegalStateException("sink '" + name() + "' is skipped: it has nothing to resume");
    }
    if (sink.rebuildsOnResume()) {
      return; // its output of the interrupted run is gone: it gets every input again (checked against its journal)
    }
    this.journaled = outcomes;
    this.handedUpTo = handedUpTo.clone();
  }

  @Override
  void onData(Slot slot, int upstream) {
    if (skipped != null) {
      copyOutcome(slot, upstream);
      return;
    }
    if (journaled != null && copiedJournaled(slot, upstream)) {
      return;
    }
    StageMiddleware stack = middleware();
    if (stack != null) {
      throughMiddleware(stack, slot, upstream);
      return;
    }
    try {
      consume(slot.payload, slot, upstream);
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("consume", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
      return;
    }
    receipt(slot, upstream, false);
  }

  /**
   * On a resumed run: copies the interrupted run's outcome for this input, if it journaled one; false
   * when it did not, and the input is to be delivered.
   */
  private boolean copiedJournaled(Slot slot, int upstream) {
    JournalRecord original = journaled.outcome(upstreamName(upstream), slot.seq, slot.correlation, slot.depth,
        slot.payloadCrc);
    if (original == null) {
      if (journaled.divergedAtLastMiss()) {
        fail("resumed sink '" + name() + "': the interrupted run " + journaled.lastMiss() + " than this run hands it:"
            + " the flow upstream did not do again what it did", null);
      }
      return false;
    }
    if (original.kind() == RecordKind.RECEIPT) {
      receipt(slot, upstream, original.fallback());
    } else {
      DeadLetter letter = (DeadLetter) original.payload();
      deadLetter(slot, upstream, new DeadLetter(letter.kind(), letter.exception(), letter.message(), slot.payload,
          letter.attempts()));
    }
    return true;
  }

  /** Hands {@code payload} to the sink: a {@link KeyedSink} with the event's {@link DeliveryKey}. */
  private void consume(Object payload, Slot slot, int upstream) throws Exception {
    if (keyed != null) {
      boolean mayBeRetry = journaled != null && slot.seq <= handedUpTo[upstream];
      if (mayBeRetry) {
        retried++;
      }
      keyed.consume(payload, new DeliveryKey(deliveryRun, upstreamName(upstream), slot.seq), mayBeRetry);
    } else {
      sink.consume(payload);
    }
  }

  /** One input through the sink's middleware: delivered by the sink or its fallback, or dead-lettered once. */
  private void throughMiddleware(StageMiddleware stack, Slot slot, int upstream) {
    Object in = slot.payload;
    StageMiddleware.Outcome outcome;
    try {
      outcome = stack.run(() -> consume(in, slot, upstream), new EventRef(upstreamName(upstream), slot.seq),
          stageWait());
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("consume", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
      return;
    }
    switch (outcome) {
      case ANSWERED -> receipt(slot, upstream, false);
      case FALLBACK -> {
        try {
          stack.fallback(in);
        } catch (Halted h) {
          throw h;
        } catch (ClassCastException | Error e) {
          handlerBroke("fallback", slot, upstream, e);
          return;
        } catch (Exception e) {
          deadLetterAfter(in, upstream, slot.seq, slot.correlation, slot.depth, ErrorClassifier.classify(e), e,
              stack.attempts());
          return;
        }
        receipt(slot, upstream, true);
        stack.answeredByFallback();
      }
      case FAILED -> deadLetterAfter(in, upstream, slot.seq, slot.correlation, slot.depth, stack.failureKind(),
          stack.failure(), stack.attempts());
      case FAIL_FLOW -> fail(stack.failure().getMessage() + "; input seq " + slot.seq + " from '" + upstreamName(upstream)
          + "' was not delivered (it stays in its upstream journal)", stack.failure());
    }
  }

  /**
   * A skipped sink: writes what the archived sink wrote for this input, the receipt (below, at the
   * end of the batch, as a delivered input's) or the dead letter; an input it never received (or
   * received as another event) is delivered nowhere, so it is dead-lettered.
   */
  private void copyOutcome(Slot slot, int upstream) {
    JournalRecord original = skipped.outcome(upstreamName(upstream), slot.seq, slot.correlation, slot.depth,
        slot.payloadCrc);
    if (original != null && original.kind() == RecordKind.RECEIPT) {
      receipt(slot, upstream, original.fallback());
    } else if (original != null) {
      DeadLetter letter = (DeadLetter) original.payload();
      copiedErrors++;
      deadLetter(slot, upstream, new DeadLetter(letter.kind(), letter.exception(), letter.message(), slot.payload,
          letter.attempts()));
    } else {
      unmatched++;
      deadLetter(slot, upstream, new DeadLetter(ErrorKind.PERMANENT, "skipped", "sink '" + name()
          + "' is skipped on this replay, and in the original run it " + skipped.lastMiss() + " (the replay diverged"
          + " upstream): no outcome to copy, so this input was not delivered", slot.payload));
    }
  }

  /** Counts one consumed input; its receipt is journaled at the end of the batch. */
  private void receipt(Slot slot, int upstream, boolean fallback) {
    consumed++;
    int at = pendingCount * FIELDS;
    if (at + FIELDS > pending.length) {
      pending = Arrays.copyOf(pending, pending.length * 2); // rare: several inputs' budgets in one batch
    }
    pending[at] = upstream;
    pending[at + 1] = slot.seq;
    pending[at + 2] = slot.correlation;
    pending[at + 3] = slot.depth;
    pending[at + 4] = fallback ? 1 : 0;
    pendingCount++;
  }

  /** The sink delivered the batch (its flush returned): now the batch's receipts are journaled. */
  @Override
  void endBatch() {
    if (pendingCount == 0) {
      return;
    }
    flushSink("at the end of a batch");
    long[] p = pending;
    long firstConsumed = consumed - pendingCount;
    for (int i = 0; i < pendingCount; i++) {
      int at = i * FIELDS;
      if (faults != FaultInjector.NONE && faults.loseReceipt(name(), firstConsumed + i + 1)) {
        continue;
      }
      int crc = receipts.append(emitted + 1, RecordKind.RECEIPT, (int) p[at], p[at + 1], -1, 0, p[at + 2], (int) p[at + 3],
          batchTime, null, p[at + 4] != 0);
      receiptChecksum = Checksum.mix(receiptChecksum, ++emitted, crc);
    }
    pendingCount = 0;
  }

  @Override
  String completionNote() {
    if (journaled != null) {
      return retried == 0 ? "" : "resumed: " + retried + " inputs delivered again as possible retries";
    }
    return skipped == null ? "" : "skipped on replay, not called: " + consumed + " receipts and " + copiedErrors
        + " dead letters copied from the original run" + (unmatched == 0 ? "" : ", " + unmatched
        + " inputs without an original outcome dead-lettered");
  }

  private void flushSink(String when) {
    if (skipped != null) {
      return; // nothing was delivered: there is no handler to flush
    }
    try {
      sink.flush();
    } catch (Halted h) {
      throw h;
    } catch (Exception | Error e) {
      int unconfirmed = pendingCount;
      pendingCount = 0; // no receipts for what the sink may not have delivered
      fail("flush of sink '" + name() + "' failed " + when + ": " + e + "; " + unconfirmed
          + " consumed events were not confirmed (no receipts written; they stay in the upstream journal)", e);
    }
  }
}

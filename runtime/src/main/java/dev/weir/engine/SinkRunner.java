package dev.weir.engine;

import dev.weir.api.Sink;
import dev.weir.contract.ContractViolation;
import dev.weir.contract.DeliveryContract;
import dev.weir.event.Checksum;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs a {@link Sink}: consumes each input, calls the sink's {@code flush} at the end of every
 * batch, and only then journals one delivery receipt per input the batch consumed, so that a
 * receipt never names an event the sink did not deliver. At end of input it flushes the sink once
 * more and checks the delivery contract against the receipts in its journal.
 */
final class SinkRunner extends StageRunner {

  /** Fields of one pending receipt in {@link #pending}: upstream, seq, correlation, depth. */
  private static final int FIELDS = 4;

  private final Sink<Object> sink;
  private final Journal receipts;
  private final FaultInjector faults;
  private long consumed;
  /** The receipts of the current batch, waiting for the sink's flush; reused batch after batch. */
  private long[] pending = new long[POLL_BUDGET * FIELDS];
  private int pendingCount;

  @SuppressWarnings("unchecked")
  SinkRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler,
      FaultInjector faults) {
    super(index, definition, supervisor, data, errors);
    this.sink = (Sink<Object>) handler;
    this.receipts = data;
    this.faults = faults;
  }

  @Override
  void execute() throws Exception {
    consumeInputs();
    endBatch(); // nothing is pending here; the end-of-input flush below is the sink's last
    flushSink("at end of input");
    flushJournals();
    Optional<ContractViolation> broken =
        DeliveryContract.check(name(), received, consumed, errors, receipts.lastSeq());
    if (broken.isPresent()) {
      contractBroken(broken.get());
    }
    supervisor().contractPassed("delivery " + name(), DeliveryContract.passedEvidence(consumed, errors));
    complete();
  }

  @Override
  void onData(Slot slot, int upstream) {
    try {
      sink.consume(slot.payload);
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("consume", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
      return;
    }
    consumed++;
    int at = pendingCount * FIELDS;
    if (at + FIELDS > pending.length) {
      pending = Arrays.copyOf(pending, pending.length * 2); // rare: several inputs' budgets in one batch
    }
    pending[at] = upstream;
    pending[at + 1] = slot.seq;
    pending[at + 2] = slot.correlation;
    pending[at + 3] = slot.depth;
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
          batchTime, null);
      receiptChecksum = Checksum.mix(receiptChecksum, ++emitted, crc);
    }
    pendingCount = 0;
  }

  private void flushSink(String when) {
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

package dev.weir.engine;

import dev.weir.api.Sink;
import dev.weir.contract.ContractViolation;
import dev.weir.contract.DeliveryContract;
import dev.weir.event.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import java.util.Optional;

/**
 * Runs a {@link Sink}: consumes each input and journals one delivery receipt for it; at end of
 * input flushes the sink and checks the delivery contract against the receipts in its journal.
 */
final class SinkRunner extends StageRunner {

  private final Sink<Object> sink;
  private final Journal receipts;
  private final FaultInjector faults;
  private long consumed;

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
    try {
      sink.flush();
    } catch (Halted h) {
      throw h;
    } catch (Exception | Error e) {
      fail("flush of sink '" + name() + "' failed: " + e, e);
    }
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
    if (faults != FaultInjector.NONE && faults.loseReceipt(name(), consumed)) {
      return;
    }
    receipts.append(++emitted, RecordKind.RECEIPT, upstream, slot.seq, -1, 0, slot.correlation, slot.depth, batchTime,
        null);
  }
}

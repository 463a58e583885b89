package dev.weir.engine;

import dev.weir.contract.ContractViolation;
import dev.weir.contract.TransportContract;
import dev.weir.flow.ContractState;
import java.util.Optional;

/**
 * What every input of a stage does with what it reads, wherever it reads it from: checks each
 * data event against the edge's transport contract before the stage handles it, and checks the
 * writer's end of stream when it arrives.
 */
abstract class EdgeReader implements StageInput {

  final StageRunner reader;
  final StageRunner writer;
  private final TransportContract contract;
  private boolean ended;
  /** How the edge's contract stands, for status and metrics; written by the reader's thread only. */
  private volatile ContractState contractState = ContractState.PENDING;
  private volatile long checks;
  private volatile long failures;

  EdgeReader(StageRunner reader, StageRunner writer, String edge) {
    this.reader = reader;
    this.writer = writer;
    this.contract = new TransportContract(edge);
  }

  @Override
  public final StageRunner writer() {
    return writer;
  }

  @Override
  public final String edge() {
    return contract.edge();
  }

  @Override
  public final boolean ended() {
    return ended;
  }

  /** Data events read so far. */
  final long received() {
    return contract.received();
  }

  private void noteCheck(boolean passed) {
    checks++;
    if (passed) {
      if (contractState == ContractState.PENDING) {
        contractState = ContractState.PASSED;
      }
    } else {
      failures++;
      contractState = ContractState.FAILED;
    }
  }

  ContractState contractState() {
    return contractState;
  }

  long contractChecks() {
    return checks;
  }

  long contractFailures() {
    return failures;
  }

  /** Checks one data event, then hands it to the stage. */
  final void deliver(Slot slot) throws Exception {
    ContractViolation broken = contract.onData(slot.seq, slot.payloadCrc);
    if (broken != null) {
      noteCheck(false);
      reader.contractBroken(broken);
    }
    reader.received++;
    reader.onData(slot, writer.index());
  }

  /** Checks the writer's end of stream; the input is closed from here on. */
  final void endOfStream(long lastSeq, long checksum) {
    ended = true;
    Optional<ContractViolation> broken = contract.onEnd(lastSeq, checksum);
    noteCheck(broken.isEmpty());
    if (broken.isPresent()) {
      reader.contractBroken(broken.get());
    }
    reader.supervisor().contractPassed("transport " + contract.edge(), contract.passedEvidence());
  }
}

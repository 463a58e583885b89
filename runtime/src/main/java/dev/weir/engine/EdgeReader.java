package dev.weir.engine;

import dev.weir.contract.ContractViolation;
import dev.weir.contract.TransportContract;
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

  /** Checks one data event, then hands it to the stage. */
  final void deliver(Slot slot) throws Exception {
    ContractViolation broken = contract.onData(slot.seq, slot.payloadCrc);
    if (broken != null) {
      reader.contractBroken(broken);
    }
    reader.received++;
    reader.onData(slot, writer.index());
  }

  /** Checks the writer's end of stream; the input is closed from here on. */
  final void endOfStream(long lastSeq, long checksum) {
    ended = true;
    Optional<ContractViolation> broken = contract.onEnd(lastSeq, checksum);
    if (broken.isPresent()) {
      reader.contractBroken(broken.get());
    }
    reader.supervisor().contractPassed("transport " + contract.edge(), contract.passedEvidence());
  }
}

package dev.weir.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.weir.contract.ContractViolation;
import dev.weir.contract.TransportContract;
import java.util.Optional;

/**
 * One edge into a stage: a poller on the upstream ring (its sequence gates the upstream producer)
 * and the transport contract that checks every event as it arrives.
 */
final class EdgeInput implements EventPoller.Handler<Slot> {

  /** Most events handled per poll, so that one busy input cannot starve the others. */
  static final int POLL_BUDGET = 512;

  private final StageRunner reader;
  private final StageRunner writer;
  private final RingBuffer<Slot> ring;
  private final EventPoller<Slot> poller;
  private final TransportContract contract;
  private boolean ended;
  private int handled;

  EdgeInput(StageRunner reader, StageRunner writer) {
    this.reader = reader;
    this.writer = writer;
    this.ring = writer.output().ring();
    this.poller = ring.newPoller();
    ring.addGatingSequences(poller.getSequence());
    this.contract = new TransportContract(writer.name() + " -> " + reader.name());
  }

  StageRunner writer() {
    return writer;
  }

  String edge() {
    return contract.edge();
  }

  boolean ended() {
    return ended;
  }

  /** Whether the upstream has published something this edge has not read. */
  boolean hasInput() {
    return !ended && ring.getCursor() > poller.getSequence().get();
  }

  /** Handles what is available, up to the budget; returns how many records were handled. */
  int poll() throws Exception {
    handled = 0;
    poller.poll(this);
    if (handled > 0) {
      writer.parker().wake(); // space was freed in the writer's ring
    }
    return handled;
  }

  @Override
  public boolean onEvent(Slot slot, long sequence, boolean endOfBatch) throws Exception {
    handled++;
    if (slot.kind == Slot.DATA) {
      ContractViolation broken = contract.onData(slot.seq, slot.payload);
      if (broken != null) {
        reader.contractBroken(broken);
      }
      reader.received++;
      reader.onData(slot, writer.index());
      return handled < POLL_BUDGET && !reader.halted();
    }
    ended = true;
    Optional<ContractViolation> broken = contract.onEnd(slot.seq, slot.checksum);
    if (broken.isPresent()) {
      reader.contractBroken(broken.get());
    }
    reader.supervisor().contractPassed("transport " + contract.edge(), contract.passedEvidence());
    return false;
  }
}

package dev.weir.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.weir.contract.ContractViolation;
import dev.weir.contract.TransportContract;
import java.util.Optional;

/**
 * One edge into a stage, read from the writer's ring: a poller whose sequence gates the writer
 * (backpressure), and the transport contract that checks every event as it arrives.
 */
final class EdgeInput implements StageInput, EventPoller.Handler<Slot> {

  private final StageRunner reader;
  private final StageRunner writer;
  private final RingBuffer<Slot> ring;
  private final Sequence committed;
  private final EventPoller<Slot> poller;
  private final TransportContract contract;
  private boolean ended;
  private int handled;
  private int budget;

  EdgeInput(StageRunner reader, StageRunner writer) {
    this.reader = reader;
    this.writer = writer;
    this.ring = writer.output().ring();
    this.committed = writer.output().committed();
    this.poller = ring.newPoller(committed);
    ring.addGatingSequences(poller.getSequence());
    this.contract = new TransportContract(writer.name() + " -> " + reader.name());
  }

  @Override
  public StageRunner writer() {
    return writer;
  }

  @Override
  public String edge() {
    return contract.edge();
  }

  @Override
  public boolean ended() {
    return ended;
  }

  /** How far this reader has read the writer's ring. */
  Sequence sequence() {
    return poller.getSequence();
  }

  @Override
  public boolean hasInput() {
    return !ended && committed.get() > poller.getSequence().get();
  }

  @Override
  public int poll(int max) throws Exception {
    handled = 0;
    budget = max;
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
      return handled < budget && !reader.halted();
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

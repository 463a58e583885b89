package dev.weir.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

/**
 * One edge into a stage, read from the writer's ring: a poller whose sequence gates the writer
 * (backpressure) and which sees only what the writer has committed to its journal.
 */
final class EdgeInput extends EdgeReader implements EventPoller.Handler<Slot> {

  private final Sequence committed;
  private final EventPoller<Slot> poller;
  private int handled;
  private int budget;

  EdgeInput(StageRunner reader, StageRunner writer) {
    super(reader, writer, writer.name() + " -> " + reader.name());
    RingBuffer<Slot> ring = writer.output().ring();
    this.committed = writer.output().committed();
    this.poller = ring.newPoller(committed);
    ring.addGatingSequences(poller.getSequence());
  }

  /** How far this reader has read the writer's ring. */
  Sequence sequence() {
    return poller.getSequence();
  }

  @Override
  public boolean hasInput() {
    return !ended() && committed.get() > poller.getSequence().get();
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
      deliver(slot);
      return handled < budget && !reader.halted();
    }
    endOfStream(slot.seq, slot.checksum);
    return false;
  }
}

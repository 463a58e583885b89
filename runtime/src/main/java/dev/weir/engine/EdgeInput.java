package dev.weir.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.weir.flow.Codec;

/**
 * One edge into a stage, read from the writer's ring: a poller whose sequence gates the writer
 * (backpressure) and which sees only what the writer has committed to its journal.
 */
final class EdgeInput extends EdgeReader implements EventPoller.Handler<Slot> {

  private final Sequence committed;
  private final EventPoller<Slot> poller;
  private final Slot scratch = new Slot();
  private final Codec<Object> decoder;
  private int handled;
  private int budget;

  /** @param decoder decodes the writer's payloads, for the values that readers get as their own copies */
  EdgeInput(StageRunner reader, StageRunner writer, Codec<Object> decoder) {
    super(reader, writer, writer.name() + " -> " + reader.name());
    this.decoder = decoder;
    RingBuffer<Slot> ring = writer.output().ring();
    this.committed = writer.output().committed();
    this.poller = ring.newPoller(committed);
    ring.addGatingSequences(poller.getSequence());
  }

  /** This reader's own copy of an event whose value can change, decoded from the journaled bytes. */
  private Slot ownCopy(Slot shared) throws java.io.IOException {
    Slot own = scratch;
    own.copyOf(shared);
    own.payload = decoder.decode(shared.bytes, 0, shared.bytes.length);
    return own;
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
      if (slot.bytes == null) {
        deliver(slot);
      } else {
        deliver(ownCopy(slot));
        scratch.payload = null; // the reader holds what it keeps; the scratch slot keeps nothing alive
      }
      return handled < budget && !reader.halted();
    }
    endOfStream(slot.seq, slot.checksum);
    return false;
  }
}

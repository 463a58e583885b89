package dev.weir.engine;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.Arrays;

/**
 * The wait strategy of a stage's output ring. Readers poll rings and park on their own
 * {@link Parker}, so nobody waits inside the ring; on every publish the ring calls
 * {@link #signalAllWhenBlocking()}, which wakes the ring's readers that are parked.
 */
final class ReaderWakeup implements WaitStrategy {

  private volatile Parker[] readers = new Parker[0];

  /** Registers a reader; before the ring's producer starts. */
  synchronized void addReader(Parker reader) {
    Parker[] next = Arrays.copyOf(readers, readers.length + 1);
    next[next.length - 1] = reader;
    readers = next;
  }

  @Override
  public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier) {
    throw new UnsupportedOperationException("Weir rings are read by pollers; nothing waits inside a ring");
  }

  @Override
  public void signalAllWhenBlocking() {
    for (Parker p : readers) {
      p.wake();
    }
  }
}

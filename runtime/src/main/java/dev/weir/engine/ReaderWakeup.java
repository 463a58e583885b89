package dev.weir.engine;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.Arrays;

/**
 * The wait strategy of a stage's output ring. Readers poll rings and park on their own
 * {@link Parker}, so nobody waits inside the ring. The ring calls {@link #signalAllWhenBlocking()}
 * on every publish; that is a no-op, because waking a reader per event makes threads ping-pong on
 * a small machine. The writer calls {@link #wakeReaders()} once per batch instead (and before it
 * waits for space), so a woken reader finds a batch to work on.
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
    // Batched: see wakeReaders().
  }

  /** Wakes the ring's readers that are parked. */
  void wakeReaders() {
    for (Parker p : readers) {
      p.wake();
    }
  }
}

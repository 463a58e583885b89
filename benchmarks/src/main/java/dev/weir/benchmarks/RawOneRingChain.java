package dev.weir.benchmarks;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;

/**
 * The second raw shape: one ring, D chained handlers ({@code handleEventsWith(map1).then(map2)...
 * .then(sink)}), each on its own thread, each doing {@code x -> x + 1} in place on the shared slot.
 * There is no copy between stages, so this is the Disruptor at its cheapest.
 */
final class RawOneRingChain implements Chain {

  private final WaitKind wait;
  private final int ringSize;

  RawOneRingChain(WaitKind wait, int ringSize) {
    this.wait = wait;
    this.ringSize = ringSize;
  }

  @Override
  public String name() {
    return "raw-1ring/" + wait.label();
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) {
    Threads threads = new Threads(name());
    Disruptor<LongSlot> disruptor =
        new Disruptor<>(LongSlot::new, ringSize, threads, ProducerType.SINGLE, wait.create());
    EventHandler<LongSlot> increment = (event, sequence, endOfBatch) -> event.value = event.value + 1;
    EventHandlerGroup<LongSlot> group = disruptor.handleEventsWith(increment);
    for (int i = 1; i < depth; i++) {
      group = group.then(increment);
    }
    EventHandler<LongSlot> sink = (event, sequence, endOfBatch) -> tally.received(event.value);
    group.then(sink);
    RingBuffer<LongSlot> ring = disruptor.start();
    long n = tally.expected();
    Runnable source = idle ? new IdleSource() : () -> {
      for (long i = 0; i < n; i++) {
        tally.sent(i);
        long s = ring.next();
        ring.get(s).value = i;
        ring.publish(s);
      }
    };
    threads.named("src", source).start();
    return () -> {
      disruptor.halt();
      threads.interruptAll();
      threads.joinAll(5_000);
    };
  }
}

package dev.weir.benchmarks;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw Disruptor peer with Weir's shape: one ring per stage output, single producer per ring.
 * A source thread publishes {@code 0..n-1} into ring 0; stage {@code i} runs a
 * {@link BatchEventProcessor} on ring {@code i} and publishes {@code x + 1} into ring {@code i + 1};
 * the sink's processor reads ring {@code depth}. Slots are preallocated {@link LongSlot}s; nothing
 * is journaled, checked or allocated per event.
 */
final class RawRingsChain implements Chain {

  private final WaitKind wait;
  private final int ringSize;

  RawRingsChain(WaitKind wait, int ringSize) {
    this.wait = wait;
    this.ringSize = ringSize;
  }

  @Override
  public String name() {
    return "raw-rings/" + wait.label();
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) {
    List<RingBuffer<LongSlot>> rings = new ArrayList<>(depth + 1);
    for (int i = 0; i <= depth; i++) {
      rings.add(RingBuffer.createSingleProducer(LongSlot::new, ringSize, wait.create()));
    }
    BatchEventProcessorBuilder builder = new BatchEventProcessorBuilder();
    List<BatchEventProcessor<LongSlot>> processors = new ArrayList<>(depth + 1);
    for (int i = 0; i < depth; i++) {
      RingBuffer<LongSlot> in = rings.get(i);
      RingBuffer<LongSlot> out = rings.get(i + 1);
      EventHandler<LongSlot> stage = (event, sequence, endOfBatch) -> {
        long s = out.next();
        out.get(s).value = event.value + 1;
        out.publish(s);
      };
      BatchEventProcessor<LongSlot> p = builder.build(in, in.newBarrier(), stage);
      in.addGatingSequences(p.getSequence());
      processors.add(p);
    }
    RingBuffer<LongSlot> last = rings.get(depth);
    EventHandler<LongSlot> sink = (event, sequence, endOfBatch) -> tally.received(event.value);
    BatchEventProcessor<LongSlot> sinkProcessor = builder.build(last, last.newBarrier(), sink);
    last.addGatingSequences(sinkProcessor.getSequence());
    processors.add(sinkProcessor);

    Threads threads = new Threads(name());
    for (int i = 0; i < processors.size(); i++) {
      threads.named(i < depth ? "map" + (i + 1) : "sink", processors.get(i)).start();
    }
    RingBuffer<LongSlot> first = rings.get(0);
    long n = tally.expected();
    Runnable source = idle ? new IdleSource() : () -> {
      for (long i = 0; i < n; i++) {
        tally.sent(i);
        long s = first.next();
        first.get(s).value = i;
        first.publish(s);
      }
    };
    threads.named("src", source).start();
    return () -> {
      for (BatchEventProcessor<LongSlot> p : processors) {
        p.halt();
      }
      threads.interruptAll();
      threads.joinAll(5_000);
    };
  }
}

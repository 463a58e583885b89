package dev.weir.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The blocking-queue peer: source thread → {@code depth} threads, each {@code take()} from queue
 * {@code i} and {@code put(x + 1)} into queue {@code i + 1} → sink thread. Capacity per queue as
 * Weir's ring; boxed {@link Long} payloads, as Weir carries them.
 */
final class AbqChain implements Chain {

  private final int capacity;

  AbqChain(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public String name() {
    return "abq";
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) {
    List<ArrayBlockingQueue<Long>> queues = new ArrayList<>(depth + 1);
    for (int i = 0; i <= depth; i++) {
      queues.add(new ArrayBlockingQueue<>(capacity));
    }
    long n = idle ? Long.MAX_VALUE : tally.expected();
    Threads threads = new Threads(name());
    for (int i = 0; i < depth; i++) {
      ArrayBlockingQueue<Long> in = queues.get(i);
      ArrayBlockingQueue<Long> out = queues.get(i + 1);
      threads.named("map" + (i + 1), () -> {
        try {
          for (long k = 0; k < n; k++) {
            out.put(in.take() + 1);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }).start();
    }
    ArrayBlockingQueue<Long> last = queues.get(depth);
    threads.named("sink", () -> {
      try {
        for (long k = 0; k < n; k++) {
          tally.received(last.take());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }).start();
    ArrayBlockingQueue<Long> first = queues.get(0);
    Runnable source = idle ? new IdleSource() : () -> {
      try {
        for (long i = 0; i < n; i++) {
          tally.sent(i);
          first.put(i);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    threads.named("src", source).start();
    return () -> {
      threads.interruptAll();
      threads.joinAll(5_000);
    };
  }
}

package dev.weir.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The source thread of an idle peer run: waits on an empty queue, 100 ms at a time, until
 * interrupted, like the blocking idle Weir source. Nothing is ever offered to the queue.
 */
final class IdleSource implements Runnable {

  static final long POLL_MILLIS = 100;

  private final BlockingQueue<Long> input = new ArrayBlockingQueue<>(1);

  @Override
  public void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Long v = input.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (v != null) {
          throw new IllegalStateException("the idle source's queue is never offered anything");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

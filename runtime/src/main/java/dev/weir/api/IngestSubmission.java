package dev.weir.api;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One request's items, waiting in an {@link IngestSource} until the source journals them or gives them back. */
final class IngestSubmission<T> {

  final List<T> items;
  /** Guarded by the source's lock: set once the source thread has taken the items out of the buffer. */
  boolean taken;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile IngestOutcome outcome;

  IngestSubmission(List<T> items) {
    this.items = items;
  }

  void complete(IngestOutcome value) {
    if (outcome == null) {
      outcome = value;
      done.countDown();
    }
  }

  boolean await(long nanos) throws InterruptedException {
    return done.await(nanos, TimeUnit.NANOSECONDS);
  }

  void awaitUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  IngestOutcome outcome() {
    return outcome;
  }
}

package dev.weir.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer callback that keeps every failed send, so that a test fails on a lost record instead of counting
 * fewer records later (a send's failure is otherwise only in its future).
 */
final class SendErrors implements Callback {

  private final AtomicLong failed = new AtomicLong();
  private final ConcurrentLinkedQueue<Exception> first = new ConcurrentLinkedQueue<>();

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    if (exception != null && failed.incrementAndGet() <= 3) {
      first.add(exception);
    }
  }

  /** Fails, naming {@code what} and the first errors, if any send failed. */
  void assertNone(String what) {
    assertThat(failed.get()).as("failed sends in %s; first errors: %s", what, first).isZero();
  }
}

package dev.weir.test;

import dev.weir.api.Emitter;
import dev.weir.api.Source;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A source the test feeds while the flow runs, as Kafka Streams' {@code TestInputTopic}: give it
 * to {@link FlowTestKit#withSource(String, Source)}, {@link #send} items, and {@link #end()} it
 * when the input is over (until then the source and the flow go on). Sent items are emitted in the
 * order sent. {@link FlowTestRun#settle()} and {@link FlowTestRun#advanceClock} wait until the
 * flow has handled everything sent, so what the test asserts next does not depend on timing.
 *
 * @param <T> what the source emits
 */
public final class TestSource<T> implements Source<T> {

  /** How long one call of {@code next} waits for an item: short, so a graceful stop is prompt. */
  private static final long POLL_MILLIS = 5;

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Object endMarker = new Object();
  private volatile long sent;
  private volatile boolean ended;

  private TestSource() {}

  /** A source with nothing sent yet. */
  public static <T> TestSource<T> create() {
    return new TestSource<>();
  }

  /**
   * The source emits {@code items} next, in order.
   *
   * @throws IllegalStateException after {@link #end()}
   */
  @SafeVarargs
  public final TestSource<T> send(T... items) {
    return sendAll(List.of(items));
  }

  /** As {@link #send}, for a list. */
  public synchronized TestSource<T> sendAll(List<? extends T> items) {
    Objects.requireNonNull(items, "items");
    if (ended) {
      throw new IllegalStateException("this test source has ended: nothing can be sent after end()");
    }
    for (T item : items) {
      queue.add(Objects.requireNonNull(item, "a source never emits null"));
    }
    sent += items.size();
    return this;
  }

  /** Ends the input: the source emits what was sent, then its end of stream. */
  public synchronized void end() {
    if (!ended) {
      ended = true;
      queue.add(endMarker);
    }
  }

  /** How many items were sent in all. */
  public long sent() {
    return sent;
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean next(Emitter<T> out) throws InterruptedException {
    Object first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
    for (Object item = first; item != null; item = queue.poll()) {
      if (item == endMarker) {
        return false;
      }
      out.emit((T) item);
    }
    return true;
  }
}

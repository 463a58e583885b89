package dev.weir.api;

/**
 * A {@link Sink} that is told, with each item, which event it is (its {@link DeliveryKey}): for a
 * sink that makes delivery idempotent, such as {@link Sinks#jdbc}, which records the keys it
 * committed so that a redelivered event is not written twice. The runtime calls
 * {@link #consume(Object, DeliveryKey)} instead of {@link #consume(Object)}; flush, receipts,
 * {@link #complete()} and {@link #abort()} are as for any sink.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface KeyedSink<T> extends Sink<T> {

  /** Consumes one item, the event {@code key} names; an exception sends it to the stage's error journal. */
  void consume(T item, DeliveryKey key) throws Exception;

  /**
   * Consumes one item, as {@link #consume(Object, DeliveryKey)}, telling whether it may be a retry:
   * {@code mayBeRetry} is true when a resumed run delivers an event that the interrupted run may
   * already have delivered (it was handed to this sink, but its receipt was not journaled). An
   * idempotent sink looks the key up and skips what it already has; the default ignores the flag.
   */
  default void consume(T item, DeliveryKey key, boolean mayBeRetry) throws Exception {
    consume(item, key);
  }

  /** Not called by the runtime for a keyed sink; refuses, since the item's key is unknown here. */
  @Override
  default void consume(T item) throws Exception {
    throw new UnsupportedOperationException("a KeyedSink consumes an item with its DeliveryKey: call consume(item, key)");
  }
}

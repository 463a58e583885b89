package dev.weir.api;

/**
 * The end of a flow: consumes items. The runtime writes one delivery receipt per consumed item,
 * once the sink's {@link #flush()} at the end of the item's batch returned.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface Sink<T> {

  /** Consumes one item; an exception sends it to the stage's error journal. */
  void consume(T item) throws Exception;

  /**
   * Makes what {@link #consume} took so far delivered (written, sent, committed). Called at the end
   * of each batch of {@code consume} calls and once more at end of input; the batch's delivery
   * receipts are journaled only after it returns. An exception here fails the flow, and the batch
   * gets no receipts: its events stay in the upstream journal, unconfirmed.
   */
  default void flush() throws Exception {}
}

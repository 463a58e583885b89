package dev.weir.api;

/**
 * The end of a flow: consumes items. The runtime writes one delivery receipt per consumed item.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface Sink<T> {

  /** Consumes one item; an exception sends it to the stage's error journal. */
  void consume(T item) throws Exception;

  /** Called once at end of input; an exception here fails the flow. */
  default void flush() throws Exception {}
}

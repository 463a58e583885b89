package dev.weir.api;

/**
 * Receives the items a stage handler produces. Emitting may block while the stage's output ring
 * is full: that is how backpressure reaches the handler.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface Emitter<T> {

  /** Hands one item downstream, after it has been appended to the stage's journal. */
  void emit(T item);

  /**
   * Sends raw input that this stage could not turn into an item (an unreadable CSV row, a line
   * that is not JSON) to the stage's error journal with its kind and the reason, saying where it
   * came from (file and line); the stage goes on. Nothing is emitted for it.
   *
   * @param raw the input as it was read
   * @param kind why it failed, usually {@link ErrorKind#DESERIALIZATION}
   * @param reason what is wrong and where
   */
  default void reject(String raw, ErrorKind kind, String reason) {
    throw new UnsupportedOperationException("this emitter cannot reject input: " + reason);
  }
}

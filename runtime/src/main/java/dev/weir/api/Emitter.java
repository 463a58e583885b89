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
}

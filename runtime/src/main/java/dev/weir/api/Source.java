package dev.weir.api;

import java.util.OptionalLong;

/**
 * A stage with no input that produces items. The runtime calls {@link #next} until it returns
 * {@code false} (a finite source) or until the flow is stopped (an infinite source).
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface Source<T> {

  /**
   * Emits zero or more items: as many as are ready, since each call ends a batch (readers see the
   * items once the batch is journaled; on disk, one write and, under BATCH durability, one sync per
   * call). It may block briefly waiting for input; graceful stop takes effect between calls.
   *
   * @return {@code false} once the source is exhausted
   */
  boolean next(Emitter<T> out) throws Exception;

  /** Releases what the source holds; called once, after the last {@link #next}. */
  default void close() throws Exception {}

  /**
   * How many items this source promises to emit, when it knows. The source contract fails the
   * flow when a source that declared a count wrote a different number.
   */
  default OptionalLong expectedCount() {
    return OptionalLong.empty();
  }
}

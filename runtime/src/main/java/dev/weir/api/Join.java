package dev.weir.api;

import java.util.Optional;

/**
 * Enriches a stream with a reference input, matched by key. Built by {@link Joins}.
 *
 * @param <R> the reference element type
 * @param <S> the stream element type
 * @param <O> the output type
 */
public interface Join<R, S, O> {

  /** How unmatched stream events are treated. */
  enum Kind {
    /** Drop stream events with no reference. */
    INNER,
    /** Emit stream events with an absent reference. */
    LEFT,
    /** An unmatched stream event is an error that fails the flow. */
    STRICT
  }

  /** How the reference input is read. */
  enum ReferenceMode {
    /** Read the reference input to its end of stream, then the stream. */
    FINITE,
    /** Read both at once; the latest reference per key wins. */
    LIVE
  }

  Kind kind();

  ReferenceMode referenceMode();

  /** The key of a reference element. */
  Object referenceKey(R reference) throws Exception;

  /** The key of a stream element. */
  Object streamKey(S event) throws Exception;

  /** Combines a stream event with its reference (absent only for {@link Kind#LEFT}). */
  O combine(Optional<R> reference, S event) throws Exception;

  /** The same join reading its reference input live. */
  Join<R, S, O> live();
}

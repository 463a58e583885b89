package dev.weir.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Ready-made {@link Join}s keyed by a function of each side. */
public final class Joins {

  private Joins() {}

  /** Emits {@code combine(ref, event)} for stream events whose key has a reference; drops the rest. */
  public static <R, S, K, O> Join<R, S, O> inner(
      Function<? super R, K> refKey, Function<? super S, K> streamKey, BiFunction<? super R, ? super S, ? extends O> combine) {
    Objects.requireNonNull(combine, "combine");
    return new KeyedJoin<>(Join.Kind.INNER, Join.ReferenceMode.FINITE, refKey, streamKey,
        (ref, event) -> combine.apply(ref.orElseThrow(), event));
  }

  /** Emits every stream event, with the reference when its key has one. */
  public static <R, S, K, O> Join<R, S, O> left(
      Function<? super R, K> refKey, Function<? super S, K> streamKey, BiFunction<Optional<R>, ? super S, ? extends O> combine) {
    return new KeyedJoin<>(Join.Kind.LEFT, Join.ReferenceMode.FINITE, refKey, streamKey, combine);
  }

  /** As {@link #inner}, but an unmatched stream event is an error that fails the flow. */
  public static <R, S, K, O> Join<R, S, O> strict(
      Function<? super R, K> refKey, Function<? super S, K> streamKey, BiFunction<? super R, ? super S, ? extends O> combine) {
    Objects.requireNonNull(combine, "combine");
    return new KeyedJoin<>(Join.Kind.STRICT, Join.ReferenceMode.FINITE, refKey, streamKey,
        (ref, event) -> combine.apply(ref.orElseThrow(), event));
  }
}

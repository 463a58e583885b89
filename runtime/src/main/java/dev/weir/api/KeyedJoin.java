package dev.weir.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A {@link Join} whose sides are matched by key functions. */
final class KeyedJoin<R, S, K, O> implements Join<R, S, O> {

  private final Kind kind;
  private final ReferenceMode mode;
  private final Function<? super R, K> refKey;
  private final Function<? super S, K> streamKey;
  private final BiFunction<Optional<R>, ? super S, ? extends O> combine;

  KeyedJoin(Kind kind, ReferenceMode mode, Function<? super R, K> refKey, Function<? super S, K> streamKey,
      BiFunction<Optional<R>, ? super S, ? extends O> combine) {
    this.kind = kind;
    this.mode = mode;
    this.refKey = Objects.requireNonNull(refKey, "refKey");
    this.streamKey = Objects.requireNonNull(streamKey, "streamKey");
    this.combine = Objects.requireNonNull(combine, "combine");
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public ReferenceMode referenceMode() {
    return mode;
  }

  @Override
  public Object referenceKey(R reference) {
    return refKey.apply(reference);
  }

  @Override
  public Object streamKey(S event) {
    return streamKey.apply(event);
  }

  @Override
  public O combine(Optional<R> reference, S event) {
    return combine.apply(reference, event);
  }

  @Override
  public Join<R, S, O> live() {
    return new KeyedJoin<>(kind, ReferenceMode.LIVE, refKey, streamKey, combine);
  }
}

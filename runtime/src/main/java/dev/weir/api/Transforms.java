package dev.weir.api;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/** Ready-made {@link Transform}s, each a {@link StatelessTransform}. */
public final class Transforms {

  private Transforms() {}

  /** One output per input: {@code fn(in)}. */
  public static <I, O> StatelessTransform<I, O> map(Function<? super I, ? extends O> fn) {
    Objects.requireNonNull(fn, "fn");
    return (in, out) -> out.emit(fn.apply(in));
  }

  /** Passes on the inputs that match {@code keep}, unchanged. */
  public static <T> StatelessTransform<T, T> filter(Predicate<? super T> keep) {
    Objects.requireNonNull(keep, "keep");
    return (in, out) -> {
      if (keep.test(in)) {
        out.emit(in);
      }
    };
  }

  /** Zero or more outputs per input, in the iterable's order. */
  public static <I, O> StatelessTransform<I, O> flatMap(Function<? super I, ? extends Iterable<? extends O>> fn) {
    Objects.requireNonNull(fn, "fn");
    return (in, out) -> {
      for (O o : fn.apply(in)) {
        out.emit(o);
      }
    };
  }
}

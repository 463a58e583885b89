package dev.weir.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Ready-made {@link Stateful} aggregations. Each emits at end of input by default; choose another
 * {@link EmitPolicy} with {@link Aggregation#emitting}, for example
 * {@code Aggregations.topNBy(10, Score::player, Score::points).emitting(EmitPolicy.everyN(5000).thenKeep())}.
 * After each emit the runtime either resets the state to a fresh {@code initial()} (windows) or
 * keeps it (running totals); at end of input it emits the final state once more.
 *
 * <p>Outputs come in a deterministic order: keyed aggregations keep their keys in first-seen order
 * (the order of the first input with that key since the state was last reset). Keys must not be
 * null, nor may the user's functions return null values: such an input is rejected by
 * {@code accumulate} with a {@link NullPointerException} (the runtime sends it to the error
 * journal) and leaves the state unchanged.
 */
public final class Aggregations {

  private Aggregations() {}

  /**
   * Folds every input into one value and emits that value once per emit. The state is the value
   * itself: {@code initial} must return a fresh value on each call when the value is mutable.
   * A fresh (just reset) state emits {@code initial.get()}.
   *
   * @param initial the starting value; must not return null
   * @param fold the next value from the current one and an input; must not return null
   * @param <I> the input type
   * @param <A> the accumulated (and emitted) type
   */
  public static <I, A> Aggregation<I, ?, A> reduce(Supplier<A> initial, BiFunction<A, ? super I, A> fold) {
    Objects.requireNonNull(initial, "Aggregations.reduce needs an initial supplier, got null");
    Objects.requireNonNull(fold, "Aggregations.reduce needs a fold function, got null");
    return new Aggregation<I, A, A>("reduce",
        () -> Objects.requireNonNull(initial.get(), "Aggregations.reduce: the initial supplier returned null"),
        (acc, in) -> Objects.requireNonNull(fold.apply(acc, in), () -> "Aggregations.reduce: fold returned null for " + in),
        (acc, out) -> out.emit(acc),
        EmitPolicy.onEnd());
  }

  /**
   * One value per key: {@code init.get()} for a new key, then {@code add(value, input)} for each
   * input of that key. Emits one value per key held in the state, in first-seen key order; a
   * fresh state emits nothing. Works with immutable values ({@code add} returns a new one) and
   * mutable ones ({@code add} returns the same object; then do not change an emitted value
   * afterwards under a keep policy: the runtime may still be reading it).
   *
   * @param key the group of an input; must not return null
   * @param init a new value for a key not seen yet; must not return null
   * @param add the key's next value from its current one and an input; must not return null
   * @param <I> the input type
   * @param <K> the key type
   * @param <V> the per-key (and emitted) value type
   */
  public static <I, K, V> Aggregation<I, ?, V> groupBy(Function<? super I, K> key, Supplier<V> init,
      BiFunction<V, ? super I, V> add) {
    Objects.requireNonNull(key, "Aggregations.groupBy needs a key function, got null");
    Objects.requireNonNull(init, "Aggregations.groupBy needs an init supplier, got null");
    Objects.requireNonNull(add, "Aggregations.groupBy needs an add function, got null");
    return new Aggregation<I, LinkedHashMap<K, V>, V>("groupBy",
        LinkedHashMap::new,
        (groups, in) -> {
          K k = keyOf("groupBy", key, in);
          V current = groups.get(k);
          if (current == null) {
            current = Objects.requireNonNull(init.get(), "Aggregations.groupBy: the init supplier returned null");
          }
          V next = Objects.requireNonNull(add.apply(current, in),
              () -> "Aggregations.groupBy: add returned null for key " + k + " and input " + in);
          groups.put(k, next);
          return groups;
        },
        (groups, out) -> {
          for (V v : groups.values()) {
            out.emit(v);
          }
        },
        EmitPolicy.onEnd());
  }

  /**
   * The top items: keeps the latest item of each key (a later item replaces the earlier one, its
   * key keeping its first-seen place) and emits one list of the {@code n} kept items with the
   * highest score, highest first; equal scores in first-seen key order. A fresh state emits an
   * empty list. The score is taken once, when the item arrives.
   *
   * @param n how many items the list holds at most; positive
   * @param key the identity of an item (e.g. a player); must not return null
   * @param score the item's score; must not be NaN
   * @param <I> the input (and listed) type
   */
  public static <I> Aggregation<I, ?, List<I>> topN(int n, Function<? super I, ?> key,
      ToDoubleFunction<? super I> score) {
    positive("topN", n);
    Objects.requireNonNull(key, "Aggregations.topN needs a key function, got null");
    Objects.requireNonNull(score, "Aggregations.topN needs a score function, got null");
    return new Aggregation<I, LinkedHashMap<Object, Scored<I>>, List<I>>("topN(" + n + ")",
        LinkedHashMap::new,
        (latest, in) -> {
          Object k = keyOf("topN", key, in);
          latest.put(k, new Scored<>(in, scoreOf("topN", score, in)));
          return latest;
        },
        (latest, out) -> out.emit(TopSelection.top(latest.values(), n, Scored::score, Scored::value)),
        EmitPolicy.onEnd());
  }

  /**
   * The top keys by summed score: adds up the score of each key's inputs and emits one list of
   * the {@code n} keys with the highest sums, highest first; equal sums in first-seen key order.
   * A fresh state emits an empty list.
   *
   * @param n how many keys the list holds at most; positive
   * @param key the key an input counts for; must not return null
   * @param score what an input adds to its key's sum; must not be NaN
   * @param <I> the input type
   * @param <K> the key type
   */
  public static <I, K> Aggregation<I, ?, List<Ranked<K>>> topNBy(int n, Function<? super I, K> key,
      ToDoubleFunction<? super I> score) {
    positive("topNBy", n);
    Objects.requireNonNull(key, "Aggregations.topNBy needs a key function, got null");
    Objects.requireNonNull(score, "Aggregations.topNBy needs a score function, got null");
    return new Aggregation<I, LinkedHashMap<K, double[]>, List<Ranked<K>>>("topNBy(" + n + ")",
        LinkedHashMap::new,
        (sums, in) -> {
          K k = keyOf("topNBy", key, in);
          double s = scoreOf("topNBy", score, in);
          sums.computeIfAbsent(k, unused -> new double[1])[0] += s;
          return sums;
        },
        (sums, out) -> out.emit(TopSelection.top(sums.entrySet(), n, (Map.Entry<K, double[]> e) -> e.getValue()[0],
            e -> new Ranked<>(e.getKey(), e.getValue()[0] + 0.0))),
        EmitPolicy.onEnd());
  }

  /**
   * The latest item per key: a later item replaces the earlier one, its key keeping its first-seen
   * place. Emits each kept item, one event per key, in first-seen key order; a fresh state emits
   * nothing.
   *
   * @param key the identity of an item; must not return null
   * @param <I> the input (and emitted) type
   * @param <K> the key type
   */
  public static <I, K> Aggregation<I, ?, I> conflate(Function<? super I, K> key) {
    Objects.requireNonNull(key, "Aggregations.conflate needs a key function, got null");
    return new Aggregation<I, LinkedHashMap<K, I>, I>("conflate",
        LinkedHashMap::new,
        (latest, in) -> {
          latest.put(keyOf("conflate", key, in), in);
          return latest;
        },
        (latest, out) -> {
          for (I item : latest.values()) {
            out.emit(item);
          }
        },
        EmitPolicy.onEnd());
  }

  private static void positive(String factory, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("Aggregations." + factory + " needs n > 0, got " + n);
    }
  }

  private static <I, K> K keyOf(String factory, Function<? super I, K> key, I in) {
    return Objects.requireNonNull(key.apply(in), () -> "Aggregations." + factory + ": the key function returned null for " + in);
  }

  private static <I> double scoreOf(String factory, ToDoubleFunction<? super I> score, I in) {
    double s = score.applyAsDouble(in);
    if (Double.isNaN(s)) {
      throw new IllegalArgumentException("Aggregations." + factory + ": the score function returned NaN for " + in);
    }
    return s;
  }
}

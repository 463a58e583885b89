package dev.weir.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Picks the {@code n} highest-scoring elements of a sequence in one pass with a heap of at most
 * {@code n} candidates: descending by score (as {@link Double#compare}, with {@code -0.0} equal to
 * {@code 0.0}), equal scores in sequence order.
 */
final class TopSelection {

  private TopSelection() {}

  private record Candidate<T>(long index, double score, T element) {}

  static <E, R> List<R> top(Iterable<E> inOrder, int n, ToDoubleFunction<? super E> score,
      Function<? super E, ? extends R> result) {
    // Head = the worst candidate: lowest score, and among equal scores the latest seen.
    PriorityQueue<Candidate<E>> heap = new PriorityQueue<>(
        (a, b) -> {
          int byScore = Double.compare(a.score(), b.score());
          return byScore != 0 ? byScore : Long.compare(b.index(), a.index());
        });
    long index = 0;
    for (E e : inOrder) {
      double s = score.applyAsDouble(e) + 0.0; // -0.0 and 0.0 tie
      if (heap.size() < n) {
        heap.add(new Candidate<>(index, s, e));
      } else if (Double.compare(s, heap.peek().score()) > 0) { // an equal score came later, so it ranks lower: never replaces
        heap.poll();
        heap.add(new Candidate<>(index, s, e));
      }
      index++;
    }
    List<R> best = new ArrayList<>(heap.size());
    while (!heap.isEmpty()) {
      best.add(result.apply(heap.poll().element()));
    }
    Collections.reverse(best);
    return Collections.unmodifiableList(best);
  }
}

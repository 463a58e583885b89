package dev.weir.processor.rules;

import java.util.Collection;
import java.util.Optional;

/** Suggests the stage (or method) a misspelled name probably meant, by edit distance. */
final class ClosestName {

  private ClosestName() {}

  /** {@code "; did you mean 'enrich'?"}, or the list of stages when none is close. */
  static String hint(String name, Collection<String> candidates) {
    if (candidates.isEmpty()) {
      return "; it has no stages";
    }
    return closest(name, candidates).map(best -> "; did you mean '" + best + "'?")
        .orElseGet(() -> "; its stages are " + String.join(", ", candidates));
  }

  /** The candidate closest to {@code name} by edit distance, when it is close enough to be a misspelling. */
  static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

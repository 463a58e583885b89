package dev.weir.api;

import java.util.Objects;

/**
 * A key and its score, as ranked by {@link Aggregations#topNBy}.
 *
 * @param key the ranked key, never null
 * @param score the key's summed score
 * @param <K> the key type
 */
public record Ranked<K>(K key, double score) {

  public Ranked {
    Objects.requireNonNull(key, "Ranked needs a key");
  }
}

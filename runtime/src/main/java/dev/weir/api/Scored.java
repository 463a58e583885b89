package dev.weir.api;

/**
 * A value with its score, as held in the state of {@link Aggregations#topN}.
 *
 * @param value the latest item of its key
 * @param score its score, never NaN, {@code -0.0} folded into {@code 0.0}
 */
record Scored<T>(T value, double score) {}

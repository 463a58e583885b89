package dev.weir.samples.wordcount;

import dev.weir.dsl.EventType;

/**
 * How often a word occurs.
 *
 * @param word the word, lower case
 * @param count its occurrences
 */
@EventType(name = "word.frequency", version = 1)
public record WordFrequency(String word, long count) {}

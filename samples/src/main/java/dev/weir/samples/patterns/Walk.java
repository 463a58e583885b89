package dev.weir.samples.patterns;

import dev.weir.dsl.EventType;

/**
 * A Collatz walk: where it started, where it is, how many steps it took.
 *
 * @param start the starting number
 * @param value the current number
 * @param steps steps taken
 */
@EventType(name = "walk", version = 1)
public record Walk(long start, long value, int steps) {

  /** One step: halve an even number, else 3n + 1. */
  public Walk step() {
    return new Walk(start, value % 2 == 0 ? value / 2 : 3 * value + 1, steps + 1);
  }
}

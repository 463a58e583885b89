package dev.weir.samples.patterns;

import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;

/**
 * The four topology patterns in one flow. Fan-in: two sources feed {@code merge}. A cycle:
 * {@code enter |> step}, with {@code step} feeding back into {@code enter} ({@code enter <| step})
 * until every Collatz walk reaches 1. A diamond: {@code settled} splits walks by the parity of
 * their step count and {@code combine} joins the branches again. Fan-out: {@code combine} feeds two
 * sinks.
 */
@Flow(name = "topology_patterns", maxIterations = 200, topology = {
    "low |> merge",
    "high |> merge",
    "merge |> enter |> step |> settled",
    "enter <| step",
    "settled |> evenSteps |> combine",
    "settled |> oddSteps |> combine",
    "combine |> longest",
    "combine |> tally"
})
public class TopologyPatterns {

  /** Walks per source. */
  static final int PER_SOURCE = 500;

  @Stage
  Source<Long> low() {
    return Sources.range(PER_SOURCE, i -> i + 2);
  }

  @Stage
  Source<Long> high() {
    return Sources.range(PER_SOURCE, i -> i + 2 + PER_SOURCE);
  }

  @Stage
  Transform<Long, Walk> merge() {
    return Transforms.map(n -> new Walk(n, n, 0));
  }

  /** The cycle's entry: new walks from outside, unfinished ones coming back around. */
  @Stage
  Transform<Walk, Walk> enter() {
    return Transforms.filter(w -> w.value() != 1);
  }

  @Stage
  Transform<Walk, Walk> step() {
    return Transforms.map(Walk::step);
  }

  @Stage
  Transform<Walk, Walk> settled() {
    return Transforms.filter(w -> w.value() == 1);
  }

  @Stage
  Transform<Walk, Walk> evenSteps() {
    return Transforms.filter(w -> w.steps() % 2 == 0);
  }

  @Stage
  Transform<Walk, Walk> oddSteps() {
    return Transforms.filter(w -> w.steps() % 2 == 1);
  }

  @Stage
  Transform<Walk, Walk> combine() {
    return Transforms.map(w -> w);
  }

  /** Prints the longest walk at end of input. */
  @Stage
  Sink<Walk> longest() {
    Walk[] best = {null};
    return new Sink<>() {
      @Override
      public void consume(Walk w) {
        if (best[0] == null || w.steps() > best[0].steps()) {
          best[0] = w;
        }
      }

      @Override
      public void flush() {
        if (best[0] != null) {
          System.out.println("longest walk: " + best[0].start() + " reaches 1 in " + best[0].steps() + " steps");
        }
      }
    };
  }

  /** Prints how many walks took an even and an odd number of steps. */
  @Stage
  Sink<Walk> tally() {
    long[] counts = new long[2];
    return new Sink<>() {
      @Override
      public void consume(Walk w) {
        counts[w.steps() % 2]++;
      }

      @Override
      public void flush() {
        System.out.println("walks with an even step count: " + counts[0] + ", odd: " + counts[1]);
      }
    };
  }
}

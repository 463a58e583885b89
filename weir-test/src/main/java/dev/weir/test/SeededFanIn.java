package dev.weir.test;

import dev.weir.engine.FanInChooser;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fan-in chooser of a seeded test run ({@link FlowTestKit#withSeed(long)}): each stage with
 * several inputs draws from its own generator, seeded from the run's seed and the stage's name, so
 * its choices depend on nothing else. A {@link TestSource} that emitted all that was sent to it
 * waits for its test, which lets the run be quiescent.
 */
final class SeededFanIn implements FanInChooser {

  private final long seed;
  private final Map<String, TestSource<?>> fed;
  private final Map<String, SplittableRandom> generators = new ConcurrentHashMap<>();

  SeededFanIn(long seed, Map<String, TestSource<?>> fed) {
    this.seed = seed;
    this.fed = Map.copyOf(fed);
  }

  @Override
  public int choose(String stage, int ready) {
    if (ready == 1) {
      return 0; // no choice: draw nothing, so a stage's draws depend only on its real choices
    }
    return generators.computeIfAbsent(stage, s -> new SplittableRandom(seedOf(seed, s))).nextInt(ready);
  }

  @Override
  public boolean sourceWaiting(String stage, long produced) {
    TestSource<?> source = fed.get(stage);
    return source != null && produced >= source.sent();
  }

  /** The seed of one stage's generator: the run's seed mixed with the stage name (String.hashCode is specified). */
  static long seedOf(long seed, String stage) {
    long z = seed + 0x9E3779B97F4A7C15L * (stage.hashCode() + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

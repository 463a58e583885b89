package dev.weir.benchmarks;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;

/**
 * A diamond on Weir: {@code src} fans out to {@code left} and {@code right} (each {@code x -> x + 1};
 * fan-out sends every event to both), which fan in to {@code merge} ({@code x -> x + 1}), then a
 * counting sink. The sink must see {@code 2n} events summing to {@code 2 (n(n-1)/2 + 2n)}. Weir
 * alone: the peers have no like-for-like fan-out/fan-in form in this harness.
 */
final class DiamondWorkload {

  private DiamondWorkload() {}

  static double weir(long n) throws Exception {
    ElementType longs = ElementType.of(Long.class);
    long[] seen = new long[2];
    Sink<Long> sink = v -> {
      seen[0]++;
      seen[1] += v;
    };
    FlowDefinition def = FlowDefinition.define("bench")
        .stage(StageDefinition.source("src", longs, f -> Sources.range(n, i -> i)))
        .stage(StageDefinition.transform("left", StageKind.TRANSFORM, longs, longs, f -> Transforms.map((Long x) -> x + 1)))
        .stage(StageDefinition.transform("right", StageKind.TRANSFORM, longs, longs, f -> Transforms.map((Long x) -> x + 1)))
        .stage(StageDefinition.transform("merge", StageKind.TRANSFORM, longs, longs, f -> Transforms.map((Long x) -> x + 1)))
        .stage(StageDefinition.sink("sink", longs, f -> sink))
        .edge(EdgeDefinition.forward("src", "left"))
        .edge(EdgeDefinition.forward("src", "right"))
        .edge(EdgeDefinition.forward("left", "merge"))
        .edge(EdgeDefinition.forward("right", "merge"))
        .edge(EdgeDefinition.forward("merge", "sink"))
        .build();
    long t0 = System.nanoTime();
    FlowResult r = def.builder().journals(Journals.memory()).start().await();
    long t1 = System.nanoTime();
    long expectedSum = 2 * (n * (n - 1) / 2 + 2 * n);
    if (r.state() != FlowState.COMPLETED || seen[0] != 2 * n || seen[1] != expectedSum) {
      throw new IllegalStateException("diamond: " + r.state() + ", sink saw count=" + seen[0] + " sum=" + seen[1]
          + ", expected count=" + 2 * n + " sum=" + expectedSum);
    }
    return n / ((t1 - t0) / 1e9);
  }
}

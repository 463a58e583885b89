package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import org.junit.jupiter.api.Test;

class ThroughputShapesTest {

  /** Order-sensitive digest of what a sink saw. */
  static final class Digest {
    long count;
    long sum;
    long ordered = 17;
    long last = Long.MIN_VALUE;
    boolean inOrder = true;

    void add(long x) {
      count++;
      sum += x;
      ordered = ordered * 31 + x;
      inOrder &= x > last;
      last = x;
    }
  }

  @Test
  void oneMillionEvents_throughThreeStages_loseNothing() throws Exception {
    int n = 1_000_000;
    Digest d = new Digest();
    FlowDefinition def = flow("million")
        .stage(source("numbers", Sources.range(n, i -> i)))
        .stage(transform("inc", Transforms.map((Long x) -> x + 1)))
        .stage(sink("digest", d::add))
        .chain("numbers", "inc", "digest")
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    Digest expected = new Digest();
    for (long i = 0; i < n; i++) {
      expected.add(i + 1);
    }
    assertThat(d.count).isEqualTo(n);
    assertThat(d.sum).isEqualTo(expected.sum);
    assertThat(d.ordered).isEqualTo(expected.ordered);
    assertThat(d.inOrder).isTrue();
    assertThat(r.stage("inc").received()).isEqualTo(n);
    assertThat(r.stage("digest").emitted()).as("receipts").isEqualTo(n);
  }

  @Test
  void yieldingWaitMode_deliversTheSameEvents() throws Exception {
    int n = 200_000;
    Digest d = new Digest();
    FlowDefinition def = flow("yielding")
        .stage(source("numbers", Sources.range(n, i -> i)))
        .stage(transform("inc", Transforms.map((Long x) -> x + 1)))
        .stage(sink("digest", d::add))
        .chain("numbers", "inc", "digest")
        .build();

    FlowResult r = def.builder().waitMode(dev.weir.flow.WaitMode.YIELD).start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(d.count).isEqualTo(n);
    assertThat(d.inOrder).isTrue();
    assertThat(d.sum).isEqualTo((long) n * (n + 1) / 2);
  }

  @Test
  void diamond_fanOutFanIn_sumsAreExact() throws Exception {
    int n = 200_000;
    Digest d = new Digest();
    long[] perBranch = new long[2];
    FlowDefinition def = flow("diamond")
        .bufferSize(256)
        .stage(source("numbers", Sources.range(n, i -> i)))
        .stage(transform("tens", Transforms.map((Long x) -> x * 10)))
        .stage(transform("negate", Transforms.map((Long x) -> -x)))
        .stage(transform("merge", (Long x, dev.weir.api.Emitter<Long> out) -> {
          perBranch[x >= 0 ? 0 : 1]++;
          out.emit(x);
        }))
        .stage(sink("total", x -> {
          d.count++;
          d.sum += x;
        }))
        .edge(EdgeDefinition.forward("numbers", "tens"))
        .edge(EdgeDefinition.forward("numbers", "negate"))
        .edge(EdgeDefinition.forward("tens", "merge"))
        .edge(EdgeDefinition.forward("negate", "merge"))
        .edge(EdgeDefinition.forward("merge", "total"))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    long sumOfRange = (long) n * (n - 1) / 2;
    assertThat(d.count).isEqualTo(2L * n);
    assertThat(d.sum).isEqualTo(10 * sumOfRange - sumOfRange);
    assertThat(perBranch[0] + perBranch[1]).isEqualTo(2L * n);
    assertThat(perBranch[1]).isEqualTo(n - 1); // every negated value but -0
    assertThat(r.stage("merge").received()).isEqualTo(2L * n);
    assertThat(r.stage("numbers").emitted()).isEqualTo(n);
  }

  @Test
  void fanOut_oneRingTwoReaders_eachSeesEverything() throws Exception {
    int n = 50_000;
    Digest left = new Digest();
    Digest right = new Digest();
    FlowDefinition def = flow("fanout")
        .bufferSize(128)
        .stage(source("numbers", Sources.range(n, i -> i)))
        .stage(sink("left", left::add))
        .stage(sink("right", right::add))
        .edge(EdgeDefinition.forward("numbers", "left"))
        .edge(EdgeDefinition.forward("numbers", "right"))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(left.count).isEqualTo(n);
    assertThat(right.count).isEqualTo(n);
    assertThat(left.ordered).isEqualTo(right.ordered);
    assertThat(left.inOrder).isTrue();
  }
}

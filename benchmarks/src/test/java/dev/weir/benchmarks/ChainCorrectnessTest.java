package dev.weir.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.flow.Journals;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every implementation the harness times delivers exactly the expected events: depth 3, 100 000
 * events, the sink's count and sum checked exactly. No timing is asserted. {@link SuiteCsvTest}
 * checks the suite's CSV.
 */
class ChainCorrectnessTest {

  private static final int DEPTH = 3;
  private static final long EVENTS = 100_000;
  private static final long TIMEOUT_SECONDS = 120;

  static Stream<Named<Chain>> peers() {
    return Stream.<Chain>of(
            new RawRingsChain(WaitKind.YIELDING, 1024),
            new RawRingsChain(WaitKind.BLOCKING, 1024),
            new RawOneRingChain(WaitKind.YIELDING, 1024),
            new RawOneRingChain(WaitKind.BLOCKING, 1024),
            new AbqChain(1024),
            new ReactorChain(),
            new RxJavaChain(),
            new PekkoChain(),
            new FlinkChain(),
            new KafkaStreamsChain())
        .map(c -> Named.of(c.name(), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("peers")
  void peerDeliversEveryEventExactlyOnce(Chain chain) throws Exception {
    assertExact(chain);
  }

  @Test
  void weirDeliversEveryEventExactlyOnce() throws Exception {
    assertExact(new WeirChain(1024, Journals::memory, WeirChain.IdleSourceKind.BLOCKING));
  }

  private static void assertExact(Chain chain) throws Exception {
    Tally tally = new Tally(EVENTS, DEPTH, 1024);
    try (Chain.Run run = chain.start(DEPTH, tally, false)) {
      assertThat(tally.awaitLast(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("sink received every event").isTrue();
      run.finish(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }
    // 0..99 999, each plus 3
    assertThat(tally.count).isEqualTo(100_000L);
    assertThat(tally.sum).isEqualTo(4_999_950_000L + 300_000L).isEqualTo(Tally.expectedSum(EVENTS, DEPTH));
    assertThat(tally.latency().getTotalCount()).as("one latency sample per 1024 events").isEqualTo(98L);
  }

  @Test
  void diamondAndKeyedWorkloadsCheckTheirResults() throws Exception {
    // each throws when the sink's count or sum is not the exact expected one
    assertThat(DiamondWorkload.weir(10_000)).isPositive();
    var zipf = KeyedBenchmark.zipf(1_000);
    assertThat(KeyedBenchmark.weirGroupBy(20_000, zipf)).isPositive();
    assertThat(KeyedBenchmark.rawGroupBy(20_000, zipf)).isPositive();
    long[] counts = new long[1_000];
    for (long i = 0; i < 100_000; i++) {
      counts[(int) zipf.applyAsLong(i)]++;
    }
    assertThat(counts[0]).as("Zipf: key 0 is the most frequent, about twice key 1").isGreaterThan(counts[1] * 3 / 2);
    assertThat(counts[1]).isGreaterThan(counts[999]);
  }

  @Test
  void harnessRejectsAChainThatLosesOrAltersEvents() {
    Chain offByOne = new Chain() {
      @Override
      public String name() {
        return "off-by-one";
      }

      @Override
      public Run start(int depth, Tally tally, boolean idle) {
        // adds depth + 1 instead of depth to the last event only
        for (long i = 0; i < tally.expected(); i++) {
          tally.received(i + depth + (i == tally.expected() - 1 ? 1 : 0));
        }
        return () -> {};
      }
    };
    assertThatThrownBy(() -> PipelineBenchmark.runOnce(offByOne, DEPTH, 1_000, 64, 10))
        .hasMessageContaining("wrong result")
        .hasMessageContaining("sum=" + (Tally.expectedSum(1_000, DEPTH) + 1));
  }

  @Test
  void runOnceTimesAndChecksAPeer() throws Exception {
    PipelineBenchmark.Outcome r = PipelineBenchmark.runOnce(new AbqChain(64), DEPTH, 10_000, 64, TIMEOUT_SECONDS);
    assertThat(r.eventsPerSecond()).isPositive();
    assertThat(r.latency().getTotalCount()).isEqualTo(157L);
  }

  @Test
  void optionsParseTheDocumentedCommand() {
    Options o = Options.parse("--depths", "1,3,5,10", "--events", "5m", "--runs", "3", "--wait=yielding,blocking");
    assertThat(o.depths).containsExactly(1, 3, 5, 10);
    assertThat(o.events).isEqualTo(5_000_000L);
    assertThat(o.runs).isEqualTo(3);
    assertThat(o.waits).containsExactly(WaitKind.YIELDING, WaitKind.BLOCKING);
    assertThat(PipelineBenchmark.chains(o).stream().map(Chain::name).toList()).isEqualTo(List.of("weir",
        "raw-rings/yielding", "raw-rings/blocking", "raw-1ring/yielding", "abq"));
    Options all = Options.parse("--impls", "weir,raw-rings,abq,reactor,rxjava,pekko,flink,kstreams");
    assertThat(PipelineBenchmark.chains(all).stream().map(Chain::name).toList()).isEqualTo(List.of("weir",
        "raw-rings/yielding", "raw-rings/blocking", "abq", "reactor", "rxjava", "pekko", "flink", "kstreams"));
    assertThatThrownBy(() -> Options.parse("--impls", "storm")).hasMessageContaining("unknown implementation 'storm'");
    assertThatThrownBy(() -> Options.parse("--suite", "huge")).hasMessageContaining("--suite is smoke or full");
  }
}

package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.AsyncTransform;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * An {@link AsyncTransform}'s {@code timeout()} on the kit's manual clock: a call that never
 * completes times out when the test advances the clock past it, not on the system clock.
 */
class AsyncTimeoutClockTest {

  /** Completes the calls of even inputs at once (times ten); leaves odd ones to the test. */
  static final class Remote implements AsyncTransform<Integer, Integer> {
    final Map<Integer, CompletableFuture<Integer>> open = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Integer> apply(Integer in) {
      if (in % 2 == 0) {
        return CompletableFuture.completedFuture(in * 10);
      }
      CompletableFuture<Integer> call = new CompletableFuture<>();
      open.put(in, call);
      return call;
    }

    @Override
    public int maxInFlight() {
      return 8;
    }

    @Override
    public Duration timeout() {
      return Duration.ofSeconds(30);
    }
  }

  static FlowDefinition calling(Remote remote) {
    return FlowDefinition.define("async-calls")
        .stage(StageDefinition.source("numbers", ElementType.of(Integer.class), f -> Sources.of(1)))
        .stage(StageDefinition.transform("call", StageKind.ASYNC_TRANSFORM, ElementType.of(Integer.class),
            ElementType.of(Integer.class), f -> remote))
        .stage(StageDefinition.sink("out", ElementType.of(Integer.class), f -> Sinks.discard()))
        .chain("numbers", "call", "out")
        .build();
  }

  @Test
  void aCallThatNeverCompletes_timesOutWhenTheClockPassesItsTimeout() {
    Remote remote = new Remote();
    TestSource<Integer> numbers = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(calling(remote)).withSource("numbers", numbers).withManualClock().start()) {
      numbers.send(1, 2);
      run.settle();
      assertThat(remote.open).containsOnlyKeys(1);
      assertThat(run.<Integer>outputs("call")).isEmpty(); // 2's result waits behind 1's call

      run.advanceClock(Duration.ofSeconds(29));
      assertThat(run.deadLetters("call")).isEmpty();
      assertThat(run.<Integer>outputs("call")).isEmpty();

      run.advanceClock(Duration.ofSeconds(1));
      run.assertStage("call").hasErrors(1)
          .hasErrorFor(1, ErrorKind.TIMEOUT, "async call of stage 'call' for input seq 1 from 'numbers' did not"
              + " complete within 30s");
      assertThat(run.outputs("call", Integer.class)).containsExactly(20);

      numbers.end();
      run.assertCompleted();
      run.assertStage("call").hasEmitted(20).hasReceived(2).hasErrors(1);
    }
  }

  @Test
  void eachCallTimesOutAtItsOwnDeadline_andOneThatCompletesInTimeIsEmitted() {
    Remote remote = new Remote();
    TestSource<Integer> numbers = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(calling(remote)).withSource("numbers", numbers).withManualClock().start()) {
      numbers.send(1);
      run.settle();
      run.advanceClock(Duration.ofSeconds(10));
      numbers.send(3, 5);
      run.settle(); // 1 is due at 30 s, 3 and 5 at 40 s
      assertThat(remote.open).containsOnlyKeys(1, 3, 5);

      remote.open.get(3).complete(33); // in time; its result waits behind 1's call
      run.settle();
      assertThat(run.<Integer>outputs("call")).isEmpty();

      run.advanceClock(Duration.ofSeconds(20)); // 30 s: 1 times out, and 33 follows it out
      run.assertStage("call").hasErrors(1).hasErrorFor(1, ErrorKind.TIMEOUT, "within 30s");
      assertThat(run.outputs("call", Integer.class)).containsExactly(33);

      run.advanceClock(Duration.ofSeconds(9)); // 39 s: 5 still has a second
      assertThat(run.deadLetters("call")).hasSize(1);
      run.advanceClock(Duration.ofSeconds(1)); // 40 s
      run.assertStage("call").hasErrors(2).hasErrorFor(5, ErrorKind.TIMEOUT, "input seq 3 from 'numbers'");
      assertThat(run.deadLetters("call").stream().map(d -> d.input()).toList()).containsExactly(1, 5);

      numbers.end();
      run.assertCompleted();
      run.assertStage("call").hasEmitted(33).hasReceived(3).hasOnlyErrorsOfKind(ErrorKind.TIMEOUT);
    }
  }

  @Test
  void withoutAManualClock_theTimeoutRunsOnTheSystemClock() {
    AsyncTransform<Integer, Integer> slow = new AsyncTransform<>() {
      @Override
      public CompletionStage<Integer> apply(Integer in) {
        return in == 1 ? new CompletableFuture<>() : CompletableFuture.completedFuture(in);
      }

      @Override
      public Duration timeout() {
        return Duration.ofMillis(50);
      }
    };
    FlowDefinition def = FlowDefinition.define("async-system-clock")
        .stage(StageDefinition.source("numbers", ElementType.of(Integer.class), f -> Sources.of(1)))
        .stage(StageDefinition.transform("call", StageKind.ASYNC_TRANSFORM, ElementType.of(Integer.class),
            ElementType.of(Integer.class), f -> slow))
        .stage(StageDefinition.sink("out", ElementType.of(Integer.class), f -> Sinks.discard()))
        .chain("numbers", "call", "out")
        .build();
    FlowTestRun run = FlowTestKit.run(def).withSource("numbers", List.of(1, 2)).complete();
    run.assertCompleted();
    run.assertStage("call").hasEmitted(2).hasErrors(1).hasErrorFor(1, ErrorKind.TIMEOUT, "within 50ms");
  }
}

package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.dsl.OnOpen;
import dev.weir.flow.CircuitBreakerPolicy;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.Middleware;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.TimeoutPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Middleware time on the kit's manual clock: a retry's backoff, rate-limit permits and a call's
 * timeout pass only when the test advances the clock, however long they are, with no real waiting.
 */
class MiddlewareClockTest {

  /** source {@code numbers} -> transform {@code call} (with {@code policies}) -> sink {@code out}. */
  static FlowDefinition calling(Transform<Integer, Integer> call, Middleware... policies) {
    MiddlewareEntry[] entries = new MiddlewareEntry[policies.length];
    for (int i = 0; i < policies.length; i++) {
      entries[i] = MiddlewareEntry.stage(policies[i]);
    }
    return FlowDefinition.define("calls")
        .stage(StageDefinition.source("numbers", ElementType.of(Integer.class), f -> Sources.of(1)))
        .stage(StageDefinition.transform("call", StageKind.TRANSFORM, ElementType.of(Integer.class),
            ElementType.of(Integer.class), f -> call))
        .stage(StageDefinition.sink("out", ElementType.of(Integer.class), f -> Sinks.discard()))
        .chain("numbers", "call", "out")
        .middleware("call", entries)
        .build();
  }

  @Test
  void aRetryWithA10SecondBackoff_retriesOnlyWhenTheClockPassesIt() {
    AtomicInteger calls = new AtomicInteger();
    Transform<Integer, Integer> failsOnce = (in, out) -> {
      if (calls.incrementAndGet() == 1) {
        throw new StageException(ErrorKind.REMOTE, "the service is down");
      }
      out.emit(in * 10);
    };
    RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0);
    TestSource<Integer> numbers = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(calling(failsOnce, retry)).withSource("numbers", numbers)
        .withManualClock().start()) {
      numbers.send(7);
      run.settle(); // settles with the stage waiting for its backoff on the clock
      assertThat(calls).hasValue(1);
      assertThat(run.<Integer>outputs("call")).isEmpty();

      run.advanceClock(Duration.ofSeconds(9));
      assertThat(calls).hasValue(1);
      assertThat(run.<Integer>outputs("call")).isEmpty();

      run.advanceClock(Duration.ofSeconds(1)); // 10 s: the backoff is over, the second call succeeds
      assertThat(calls).hasValue(2);
      assertThat(run.outputs("call", Integer.class)).containsExactly(70);

      numbers.end();
      run.assertCompleted();
      run.assertStage("call").hasEmitted(70).hasNoErrors();
    }
  }

  @Test
  void aRateLimitOfOnePerSecond_admitsOneMoreEventForEachSecondTheClockMoves() {
    Transform<Integer, Integer> echo = (in, out) -> out.emit(in);
    TestSource<Integer> numbers = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(calling(echo, new RateLimitPolicy(1, 1))).withSource("numbers", numbers)
        .withManualClock().start()) {
      numbers.send(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      run.settle();
      assertThat(run.outputs("call", Integer.class)).containsExactly(1); // the one permit of the first second

      run.advanceClock(Duration.ofSeconds(3));
      assertThat(run.outputs("call", Integer.class)).containsExactly(1, 2, 3, 4);

      run.advanceClock(Duration.ofMillis(999)); // not yet a whole second further: no permit
      assertThat(run.outputs("call", Integer.class)).containsExactly(1, 2, 3, 4);

      run.advanceClock(Duration.ofSeconds(4).plusMillis(1)); // 8 s: one event for each second
      assertThat(run.outputs("call", Integer.class)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
      assertThat(run.clockTime()).isEqualTo(Duration.ofSeconds(8));

      numbers.end();
      run.advanceClock(Duration.ofSeconds(1)); // the last event's permit
      run.assertCompleted();
      run.assertStage("call").hasEmitted(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
  }

  @Test
  void aTimeoutFiresWhenTheClockPassesIt_andTheCallIsInterrupted() throws InterruptedException {
    CountDownLatch inCall = new CountDownLatch(1);
    Transform<Integer, Integer> hangs = (in, out) -> {
      if (in == 1) {
        inCall.countDown();
        new CountDownLatch(1).await(); // until interrupted by the timeout
      }
      out.emit(in);
    };
    TestSource<Integer> numbers = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(calling(hangs, new TimeoutPolicy(Duration.ofSeconds(30))))
        .withSource("numbers", numbers).withManualClock().start()) {
      numbers.send(1, 2);
      await(inCall);
      run.settle(); // the call waits for its timeout on the clock
      run.advanceClock(Duration.ofSeconds(29));
      assertThat(run.deadLetters("call")).isEmpty();

      run.advanceClock(Duration.ofSeconds(1));
      run.assertStage("call").hasErrors(1).hasErrorFor(1, ErrorKind.TIMEOUT, "did not complete within 30s");

      numbers.end();
      run.assertCompleted();
      run.assertStage("call").hasEmitted(2).hasReceived(2);
    }
  }

  @Test
  void anOpenBreakerThatWaits_letsCallsThroughOnlyAfterItsWaitInOpenOnTheClock() {
    AtomicInteger calls = new AtomicInteger();
    Transform<Integer, Integer> failsTwice = (in, out) -> {
      if (calls.incrementAndGet() <= 2) {
        throw new StageException(ErrorKind.REMOTE, "the service is down");
      }
      out.emit(in);
    };
    CircuitBreakerPolicy breaker = new CircuitBreakerPolicy(50, 2, 2, Duration.ofMinutes(1), 1, Optional.empty(), 100,
        Optional.empty(), Optional.empty(), OnOpen.WAIT);
    TestSource<Integer> numbers = TestSource.create();
    try (FlowTestRun run = FlowTestKit.run(calling(failsTwice, breaker)).withSource("numbers", numbers)
        .withManualClock().start()) {
      numbers.send(1, 2, 3);
      run.settle(); // two failures opened the breaker; 3 waits for it
      assertThat(calls).hasValue(2);
      run.advanceClock(Duration.ofSeconds(59));
      assertThat(calls).hasValue(2);

      run.advanceClock(Duration.ofSeconds(1)); // a minute: Resilience4j half-opens only once it is over
      assertThat(calls).hasValue(2);

      run.advanceClock(Duration.ofNanos(1)); // past the minute in open: half-open, the probe call succeeds
      assertThat(calls).hasValue(3);
      assertThat(run.outputs("call", Integer.class)).containsExactly(3);
      numbers.end();
      run.assertCompleted();
      run.assertStage("call").hasErrors(2).hasOnlyErrorsOfKind(ErrorKind.REMOTE);
    }
  }

  @Test
  void withoutAManualClock_aShortBackoffRunsOnTheSystemClock() {
    AtomicInteger calls = new AtomicInteger();
    Transform<Integer, Integer> failsOnce = (in, out) -> {
      if (calls.incrementAndGet() == 1) {
        throw new StageException(ErrorKind.REMOTE, "the service is down");
      }
      out.emit(in);
    };
    FlowTestRun run = FlowTestKit.run(calling(failsOnce, new RetryPolicy(2, Duration.ofMillis(1), 1.0,
        Duration.ofMillis(1), 0))).withSource("numbers", List.of(5)).complete();
    run.assertCompleted();
    run.assertStage("call").hasEmitted(5).hasNoErrors();
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(60, TimeUnit.SECONDS)).as("the handler was called").isTrue();
  }
}

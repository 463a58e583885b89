package dev.weir.engine;

import static dev.weir.engine.Flows.LONG;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.AsyncTransform;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.dsl.OnOpen;
import dev.weir.event.SystemEvent;
import dev.weir.flow.CircuitBreakerPolicy;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.Fallback;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.RecordKind;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageResult;
import dev.weir.flow.TimeoutPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run-time half of middleware: retry, circuit breaker, rate limit and timeout, through the public API. */
class MiddlewareTest {

  @TempDir
  Path tmp;

  private static RetryPolicy retry(int attempts, long delayMillis) {
    return new RetryPolicy(attempts, Duration.ofMillis(delayMillis), 2.0, Duration.ofSeconds(5), 0.0);
  }

  private static CircuitBreakerPolicy breaker(int window, long waitMillis, int halfOpen, Fallback fallback,
      OnOpen onOpen) {
    return new CircuitBreakerPolicy(50, window, window, Duration.ofMillis(waitMillis), halfOpen, Optional.empty(), 100,
        fallback == null ? Optional.empty() : Optional.of("fallback"), Optional.ofNullable(fallback), onOpen);
  }

  private static MiddlewareEntry stage(dev.weir.flow.Middleware m) {
    return MiddlewareEntry.stage(m);
  }

  /** Every input of {@code name} is answered or dead-lettered: nothing lost. */
  private static void assertCountsAddUp(FlowResult r, String name) {
    StageResult s = r.stage(name);
    assertThat(s.received()).as("inputs of " + name).isEqualTo(s.emitted() + s.errors());
    assertThat(s.errorsByKind().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.errors());
  }

  private static List<SystemEvent> systemEvents(FlowHandle h, SystemEvent.Type type) {
    return h.journals().system().readAll(RecordKind.SYSTEM).stream().map(rec -> (SystemEvent) rec.payload())
        .filter(e -> e.type() == type).toList();
  }

  @Test
  void retry_callsAgainUntilSuccess_andKeepsOnlyTheSuccessfulAttemptsOutput() throws Exception {
    Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("retryUntilSuccess")
        .stage(source("numbers", Sources.range(20, i -> i)))
        .stage(transform("flaky", (x, out) -> {
          int n = calls.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
          out.emit(x * 100 + n); // emitted before failing: a failed attempt must leave nothing behind
          if (n < 3) {
            throw new IOException("remote hiccup " + n + " for " + x);
          }
        }))
        .stage(sink("collect", got::add))
        .chain("numbers", "flaky", "collect")
        .middleware("flaky", stage(retry(3, 1)))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 20; i++) {
      expected.add(i * 100 + 3);
    }
    assertThat(got).containsExactlyElementsOf(expected);
    assertThat(r.stage("flaky").retries()).isEqualTo(40);
    assertThat(r.stage("flaky").errors()).isZero();
    assertThat(r.retries()).isEqualTo(40);
    assertCountsAddUp(r, "flaky");
  }

  @Test
  void retry_neverRetriesValidation_andDeadLettersTheGivenUpInputOnceWithItsAttempts() throws Exception {
    Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
    FlowDefinition def = flow("noRetryForBadData")
        .stage(source("numbers", Sources.range(30, i -> i)))
        .stage(transform("check", (x, out) -> {
          calls.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
          if (x % 10 == 5) {
            throw new StageException(ErrorKind.VALIDATION, "bad " + x);
          }
          if (x == 7) {
            throw new IOException("always down for 7");
          }
          out.emit(x);
        }))
        .stage(sink("collect", x -> { }))
        .chain("numbers", "check", "collect")
        .middleware("check", stage(retry(4, 1)))
        .build();

    FlowHandle h = def.builder().journals(Journals.disk(tmp)).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(calls.get(5L)).hasValue(1);
    assertThat(calls.get(15L)).hasValue(1);
    assertThat(calls.get(7L)).hasValue(4);
    List<DeadLetter> dead = h.journals().errors("check").deadLetters(); // read back from disk
    assertThat(dead).hasSize(4);
    assertThat(dead).filteredOn(d -> d.kind() == ErrorKind.VALIDATION).hasSize(3).allMatch(d -> d.attempts() == 1);
    assertThat(dead).filteredOn(d -> d.kind() == ErrorKind.REMOTE).singleElement()
        .satisfies(d -> {
          assertThat(d.input()).isEqualTo(7L);
          assertThat(d.attempts()).isEqualTo(4);
          assertThat(d.message()).isEqualTo("always down for 7");
        });
    assertThat(r.stage("check").retries()).isEqualTo(3);
    assertThat(r.stage("check").errors(ErrorKind.VALIDATION)).isEqualTo(3);
    assertThat(r.stage("check").errors(ErrorKind.REMOTE)).isEqualTo(1);
    assertCountsAddUp(r, "check");
  }

  @Test
  void retry_waitsAtLeastItsBackoffBetweenAttempts() throws Exception {
    List<Long> attemptsAt = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("backoff")
        .stage(source("one", Sources.range(1, i -> i)))
        .stage(transform("slowRemote", (x, out) -> {
          attemptsAt.add(System.nanoTime());
          throw new IOException("down");
        }))
        .stage(sink("collect", x -> { }))
        .chain("one", "slowRemote", "collect")
        .middleware("slowRemote", stage(new RetryPolicy(3, Duration.ofMillis(60), 2.0, Duration.ofSeconds(5), 0.0)))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(attemptsAt).hasSize(3);
    assertThat(attemptsAt.get(1) - attemptsAt.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(60).toNanos());
    assertThat(attemptsAt.get(2) - attemptsAt.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(120).toNanos());
    assertThat(r.stage("slowRemote").errors(ErrorKind.REMOTE)).isEqualTo(1);
  }

  @Test
  void retry_afterRateLimited_waitsAtLeastTheRemotesHint() throws Exception {
    List<Long> attemptsAt = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("retryAfterHint")
        .stage(source("one", Sources.range(1, i -> i)))
        .stage(transform("throttled", (x, out) -> {
          attemptsAt.add(System.nanoTime());
          if (attemptsAt.size() == 1) {
            throw StageException.rateLimited("429 Too Many Requests", Duration.ofMillis(150));
          }
          out.emit(x);
        }))
        .stage(sink("collect", x -> { }))
        .chain("one", "throttled", "collect")
        .middleware("throttled", stage(retry(2, 1)))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("throttled").emitted()).isEqualTo(1);
    assertThat(attemptsAt.get(1) - attemptsAt.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
  }

  @Test
  void breaker_opensAtTheThreshold_probesWhenHalfOpen_andCloses() throws Exception {
    FlowDefinition def = flow("breakerCycle")
        .stage(source("numbers", Sources.range(100, i -> i)))
        .stage(transform("remote", (x, out) -> {
          if (x < 4) {
            throw new IOException("remote down for " + x);
          }
          out.emit(x);
        }))
        .stage(sink("collect", x -> { }))
        .chain("numbers", "remote", "collect")
        // paced so that the 100 ms in open span several inputs
        .middleware("remote", stage(new RateLimitPolicy(200, 1)), stage(breaker(4, 100, 2, null, OnOpen.DEAD_LETTER)))
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    List<String> transitions = systemEvents(h, SystemEvent.Type.BREAKER_TRANSITION).stream()
        .map(SystemEvent::detail).toList();
    assertThat(transitions).hasSize(3);
    assertThat(transitions.get(0)).startsWith("closed -> open: failure rate 100.0% (4 of 4 calls, threshold 50.0%)");
    assertThat(transitions.get(1)).startsWith("open -> half-open");
    assertThat(transitions.get(2)).startsWith("half-open -> closed: failure rate 0.0% (0 of 2 calls");
    assertThat(systemEvents(h, SystemEvent.Type.BREAKER_TRANSITION)).allMatch(e -> e.subject().equals("remote"));
    StageResult s = r.stage("remote");
    assertThat(s.errors(ErrorKind.REMOTE)).isEqualTo(4);
    long turnedAway = s.errors(ErrorKind.CIRCUIT_OPEN);
    assertThat(turnedAway).isPositive();
    assertThat(s.emitted()).isEqualTo(100 - 4 - turnedAway);
    List<DeadLetter> open = h.journals().errors("remote").deadLetters().stream()
        .filter(d -> d.kind() == ErrorKind.CIRCUIT_OPEN).toList();
    assertThat(open).hasSize((int) turnedAway);
    // the inputs turned away are the ones right after the breaker opened
    for (int i = 0; i < open.size(); i++) {
      assertThat(open.get(i).input()).isEqualTo(4L + i);
    }
    assertCountsAddUp(r, "remote");
  }

  @Test
  void breaker_fallbackAnswersWhileOpen_withTypedOutputMarkedOnTheRecord() throws Exception {
    StageDefinition quote = StageDefinition.transform("quote", StageKind.TRANSFORM, LONG, dev.weir.flow.ElementType.of(
        String.class), f -> (dev.weir.api.Transform<Long, String>) (x, out) -> {
          if (x >= 10 && x < 30) {
            throw new IOException("pricing service down");
          }
          out.emit("live " + x);
        });
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("fallbackQuotes")
        .stage(source("numbers", Sources.range(60, i -> i)))
        .stage(quote)
        .stage(StageDefinition.sink("collect", dev.weir.flow.ElementType.of(String.class),
            f -> (dev.weir.api.Sink<String>) got::add))
        .chain("numbers", "quote", "collect")
        .middleware("quote", stage(new RateLimitPolicy(500, 1)),
            stage(breaker(4, 40, 1, (flow, in) -> "cached " + in, OnOpen.DEAD_LETTER)))
        .build();

    FlowHandle h = def.builder().journals(Journals.disk(tmp)).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(60);
    StageResult s = r.stage("quote");
    assertThat(s.errors()).isZero();
    assertThat(s.emitted()).isEqualTo(60);
    List<JournalRecord> data = h.journals().data("quote").readAll(RecordKind.DATA); // read back from disk
    List<JournalRecord> marked = data.stream().filter(JournalRecord::fallback).toList();
    assertThat(marked).isNotEmpty().allMatch(rec -> ((String) rec.payload()).startsWith("cached "));
    assertThat(data.stream().filter(rec -> !rec.fallback()))
        .allMatch(rec -> ((String) rec.payload()).startsWith("live "));
    assertThat(s.fallbacks()).isEqualTo(marked.size());
    // every input 10..29 failed: each was answered by the fallback, after its failure or while the breaker was open
    for (long x = 10; x < 30; x++) {
      assertThat(got).contains("cached " + x);
    }
    assertThat(r.fallbacks()).isEqualTo(s.fallbacks());
    assertCountsAddUp(r, "quote");
  }

  @Test
  void breaker_waitOnOpen_backpressuresUntilHalfOpen_withoutLosingAnInput() throws Exception {
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    long[] openedAt = new long[1];
    long[] nextCallAt = new long[1];
    FlowDefinition def = flow("waitOnOpen")
        .stage(source("numbers", Sources.range(50, i -> i)))
        .stage(transform("remote", (x, out) -> {
          if (x < 4) {
            openedAt[0] = System.nanoTime();
            throw new IOException("down for " + x);
          }
          if (x == 4) {
            nextCallAt[0] = System.nanoTime();
          }
          out.emit(x);
        }))
        .stage(sink("collect", got::add))
        .chain("numbers", "remote", "collect")
        .middleware("remote", stage(breaker(4, 150, 2, null, OnOpen.WAIT)))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("remote").errors(ErrorKind.CIRCUIT_OPEN)).isZero();
    assertThat(r.stage("remote").errors(ErrorKind.REMOTE)).isEqualTo(4);
    assertThat(got).hasSize(46).startsWith(4L, 5L, 6L);
    assertThat(nextCallAt[0] - openedAt[0]).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
    assertCountsAddUp(r, "remote");
  }

  @Test
  void breaker_failFlowOnOpen_failsTheFlowSayingWhy() throws Exception {
    FlowDefinition def = flow("failOnOpen")
        .stage(source("numbers", Sources.range(50, i -> i)))
        .stage(transform("remote", (x, out) -> {
          throw new IOException("down for " + x);
        }))
        .stage(sink("collect", x -> { }))
        .chain("numbers", "remote", "collect")
        .middleware("remote", stage(breaker(4, 10_000, 2, null, OnOpen.FAIL_FLOW)))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("circuit breaker of stage 'remote' is open and its onOpen is FAIL_FLOW")
        .contains("input seq 5 from 'numbers' was not processed");
  }

  @Test
  void rateLimit_onASource_pacesEveryEventItEmits() throws Exception {
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("pacedSource")
        .stage(source("numbers", Sources.range(50, i -> i)))
        .stage(sink("collect", got::add))
        .chain("numbers", "collect")
        .middleware("numbers", stage(new RateLimitPolicy(100, 10)))
        .build();

    long start = System.nanoTime();
    FlowHandle h = def.builder().start();
    FlowResult r = h.await();
    long elapsed = System.nanoTime() - start;

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(50);
    // 10 at once, then the other 40 at 100 a second: at least 0.3 s (one period of 10 may already be refilled)
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    // reported per episode, not per event (a stalled machine may split the run into a few episodes)
    assertThat(systemEvents(h, SystemEvent.Type.RATE_LIMIT_SATURATED)).hasSizeBetween(1, 5)
        .allMatch(e -> e.subject().equals("numbers"));
  }

  @Test
  void rateLimit_onATransform_pacesItsInputs_andDropsNone() throws Exception {
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("pacedTransform")
        .stage(source("numbers", Sources.range(40, i -> i)))
        .stage(transform("call", (x, out) -> out.emit(x)))
        .stage(sink("collect", got::add))
        .chain("numbers", "call", "collect")
        .middleware("call", stage(new RateLimitPolicy(100, 5)))
        .build();

    long start = System.nanoTime();
    FlowResult r = def.builder().start().await();
    long elapsed = System.nanoTime() - start;

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(40);
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    assertCountsAddUp(r, "call");
  }

  @Test
  void flowDefault_andStageOverride_eachStageRetriesAsItsStackSays() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    FlowDefinition def = flow("defaults")
        .stage(source("numbers", Sources.range(1, i -> i)))
        .stage(transform("first", (x, out) -> {
          calls.computeIfAbsent("first", k -> new AtomicInteger()).incrementAndGet();
          throw new IOException("down");
        }))
        .stage(transform("second", (x, out) -> out.emit(x)))
        .stage(transform("third", (x, out) -> {
          calls.computeIfAbsent("third", k -> new AtomicInteger()).incrementAndGet();
          throw new IOException("down");
        }))
        .stage(sink("collect", x -> { }))
        .chain("numbers", "first", "collect")
        .chain("numbers", "second", "third", "collect")
        // as the processor resolves @Retry(maxAttempts = 2) on the flow and @Retry(maxAttempts = 4) on 'third'
        .middleware("first", MiddlewareEntry.flow(retry(2, 1)))
        .middleware("second", MiddlewareEntry.flow(retry(2, 1)))
        .middleware("third", stage(retry(4, 1)), MiddlewareEntry.flow(new TimeoutPolicy(Duration.ofSeconds(5))))
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(calls.get("first")).hasValue(2);
    assertThat(calls.get("third")).hasValue(4);
    assertThat(h.journals().errors("first").deadLetters()).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(2));
    assertThat(h.journals().errors("third").deadLetters()).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(4));
    assertThat(r.stage("second").retries()).isZero();
    assertThat(def.middleware("third")).extracting(MiddlewareEntry::origin)
        .containsExactly(dev.weir.flow.MiddlewareOrigin.STAGE, dev.weir.flow.MiddlewareOrigin.FLOW);
    assertCountsAddUp(r, "first");
    assertCountsAddUp(r, "third");
  }

  @Test
  void timeout_interruptsAnOverrunningSyncHandler_andDeadLettersItsInputAsTimeout() throws Exception {
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger interrupted = new AtomicInteger();
    FlowDefinition def = flow("syncTimeout")
        .stage(source("numbers", Sources.range(10, i -> i)))
        .stage(transform("slow", (x, out) -> {
          out.emit(x);
          if (x == 3) {
            try {
              Thread.sleep(10_000);
            } catch (InterruptedException e) {
              interrupted.incrementAndGet();
              throw e;
            }
          }
        }))
        .stage(sink("collect", got::add))
        .chain("numbers", "slow", "collect")
        .middleware("slow", stage(new TimeoutPolicy(Duration.ofMillis(50))))
        .build();

    long start = System.nanoTime();
    FlowHandle h = def.builder().start();
    FlowResult r = h.await();
    long elapsed = System.nanoTime() - start;

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(interrupted).hasValue(1);
    assertThat(got).hasSize(9).doesNotContain(3L); // the overrun's output is not kept
    assertThat(h.journals().errors("slow").deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(d.input()).isEqualTo(3L);
      assertThat(d.message()).contains("did not complete within 50ms");
    });
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    assertCountsAddUp(r, "slow");
  }

  @Test
  void timeout_appliesToAnAsyncTransform_andRetriesRetryItsCalls() throws Exception {
    Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
    AsyncTransform<Long, Long> remote = x -> {
      int n = calls.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
      if (x == 2) {
        return new CompletableFuture<>(); // never answers
      }
      if (x == 5 && n == 1) {
        return CompletableFuture.failedFuture(new IOException("blip"));
      }
      return CompletableFuture.completedFuture(x * 10);
    };
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("asyncTimeout")
        .stage(source("numbers", Sources.range(8, i -> i)))
        .stage(StageDefinition.transform("remote", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> remote))
        .stage(sink("collect", got::add))
        .chain("numbers", "remote", "collect")
        .middleware("remote", stage(new TimeoutPolicy(Duration.ofMillis(80))), stage(retry(2, 1)))
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(0L, 10L, 30L, 40L, 50L, 60L, 70L);
    assertThat(calls.get(2L)).hasValue(2); // a timeout is transient: retried once
    assertThat(calls.get(5L)).hasValue(2);
    assertThat(h.journals().errors("remote").deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(d.attempts()).isEqualTo(2);
      assertThat(d.message()).contains("80ms (@Timeout)");
    });
    assertThat(r.stage("remote").retries()).isEqualTo(2);
    assertCountsAddUp(r, "remote");
  }

  @Test
  void asyncBreaker_fallbackAnswersInInputOrder_markedAsFallback() throws Exception {
    AsyncTransform<Long, Long> remote = x -> x >= 5 && x < 15
        ? CompletableFuture.failedFuture(new IOException("down"))
        : CompletableFuture.completedFuture(x);
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("asyncFallback")
        .stage(source("numbers", Sources.range(40, i -> i)))
        .stage(StageDefinition.transform("remote", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> remote))
        .stage(sink("collect", got::add))
        .chain("numbers", "remote", "collect")
        .middleware("remote", stage(breaker(4, 30, 1, (flow, in) -> -(Long) in, OnOpen.DEAD_LETTER)))
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(40);
    for (int i = 0; i < 40; i++) {
      assertThat(Math.abs(got.get(i))).as("output " + i + " in input order").isEqualTo(i);
    }
    for (long x = 5; x < 15; x++) {
      assertThat(got.get((int) x)).isEqualTo(-x);
    }
    List<JournalRecord> marked = h.journals().data("remote").readAll(RecordKind.DATA).stream()
        .filter(JournalRecord::fallback).toList();
    assertThat(marked).allMatch(rec -> (Long) rec.payload() <= 0);
    assertThat(r.stage("remote").fallbacks()).isEqualTo(marked.size()).isGreaterThanOrEqualTo(10);
    assertCountsAddUp(r, "remote");
  }

  @Test
  void sinkWithRetry_receiptsOnlyWhatWasDelivered() throws Exception {
    Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
    List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = flow("sinkRetry")
        .stage(source("numbers", Sources.range(10, i -> i)))
        .stage(sink("store", x -> {
          if (calls.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet() == 1 && x % 2 == 0) {
            throw new IOException("write failed");
          }
          delivered.add(x);
        }))
        .chain("numbers", "store")
        .middleware("store", stage(retry(2, 1)))
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(delivered).hasSize(10);
    assertThat(r.stage("store").retries()).isEqualTo(5);
    assertThat(h.journals().data("store").readAll(RecordKind.RECEIPT)).hasSize(10).noneMatch(JournalRecord::fallback);
    assertCountsAddUp(r, "store");
  }

  @Test
  void replay_followsTheArchivedBreakersDecisions_andReproducesTheJournals() throws Exception {
    boolean[] remoteDown = {true};
    FlowDefinition def = flow("replayBreaker")
        .stage(source("numbers", Sources.range(60, i -> i)))
        .stage(transform("quote", (x, out) -> {
          if (remoteDown[0] && x >= 10 && x < 30) {
            throw new IOException("pricing service down");
          }
          out.emit(x);
        }))
        .stage(sink("collect", x -> { }))
        .chain("numbers", "quote", "collect")
        .middleware("quote", stage(new RateLimitPolicy(500, 1)),
            stage(breaker(4, 40, 1, (flow, in) -> -(Long) in, OnOpen.DEAD_LETTER)))
        .build();
    FlowHandle original = def.builder().journals(Journals.disk(tmp)).start();
    FlowResult first = original.await();
    assertThat(first.state()).as(first.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(first.fallbacks()).isGreaterThanOrEqualTo(20);

    remoteDown[0] = false; // only the archive can tell the replay which inputs the fallback answered
    FlowHandle replay = def.builder().journals(Journals.disk(tmp))
        .replayFrom(original.journals().directory().orElseThrow()).start();
    FlowResult again = replay.await();

    assertThat(again.state()).as(again.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(dev.weir.replay.ReplayVerifier.compare(List.of("numbers", "quote", "collect"), original.journals()::data,
        replay.journals()::data, 10)).isEmpty();
    assertThat(again.stage("quote").fallbacks()).isEqualTo(first.stage("quote").fallbacks());
    assertThat(replay.journals().data("quote").readAll(RecordKind.DATA).stream().filter(JournalRecord::fallback)
        .map(JournalRecord::parent).toList())
        .isEqualTo(original.journals().data("quote").readAll(RecordKind.DATA).stream().filter(JournalRecord::fallback)
            .map(JournalRecord::parent).toList());
  }

  @Test
  void stageWithoutMiddleware_countsNoRetriesNorFallbacks() throws Exception {
    FlowDefinition def = flow("plain")
        .stage(source("numbers", Sources.range(10, i -> i)))
        .stage(transform("same", (x, out) -> out.emit(x)))
        .stage(sink("collect", x -> { }))
        .chain("numbers", "same", "collect")
        .build();

    FlowHandle h = def.builder().start();
    FlowResult r = h.await();

    assertThat(r.stage("same").retries()).isZero();
    assertThat(r.stage("same").fallbacks()).isZero();
    assertThat(h.journals().data("same").readAll(RecordKind.DATA)).hasSize(10).noneMatch(JournalRecord::fallback);
  }
}

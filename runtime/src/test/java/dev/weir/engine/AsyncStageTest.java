package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.AsyncTransform;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sources;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.RecordKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.JournalRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncStageTest {

  private final ScheduledExecutorService remote = Executors.newScheduledThreadPool(4);

  @AfterEach
  void close() {
    remote.shutdownNow();
  }

  /** A fake remote service: answers x * 10 after a random delay, tracking how many calls are open. */
  private final class Remote implements AsyncTransform<Long, Long> {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final int limit;
    final Random random = new Random(42);

    Remote(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<Long> apply(Long in) {
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      CompletableFuture<Long> f = new CompletableFuture<>();
      long delayMicros = random.nextInt(2000);
      remote.schedule(() -> {
        open.decrementAndGet();
        if (in % 50 == 7) {
          f.completeExceptionally(new IOException("remote refused " + in));
        } else {
          f.complete(in * 10);
        }
      }, delayMicros, TimeUnit.MICROSECONDS);
      return f;
    }

    @Override
    public int maxInFlight() {
      return limit;
    }
  }

  private static FlowDefinition flow(AsyncTransform<Long, Long> async, List<Long> out, long count) {
    return FlowDefinition.define("async")
        .stage(Flows.source("numbers", Sources.range(count, i -> i)))
        .stage(StageDefinition.transform("call", StageKind.ASYNC_TRANSFORM, Flows.LONG, Flows.LONG, f -> async))
        .stage(Flows.sink("out", out::add))
        .chain("numbers", "call", "out")
        .build();
  }

  @Test
  void randomLatencies_keepInputOrder_failuresAreDeadLettered_inFlightStaysBounded() throws Exception {
    Remote service = new Remote(8);
    List<Long> out = new ArrayList<>();
    FlowHandle h = flow(service, out, 2000).builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 2000; i++) {
      if (i % 50 != 7) {
        expected.add(i * 10);
      }
    }
    assertThat(out).containsExactlyElementsOf(expected);
    assertThat(service.maxOpen.get()).as("most calls open at once").isLessThanOrEqualTo(8).isGreaterThan(1);
    List<JournalRecord> dead = h.journals().errors("call").readAll(RecordKind.ERROR);
    assertThat(dead).hasSize(40);
    DeadLetter d = (DeadLetter) dead.get(0).payload();
    assertThat(d.kind()).isEqualTo(ErrorKind.REMOTE);
    assertThat(d.input()).isEqualTo(7L);
    assertThat(d.message()).isEqualTo("remote refused 7");
    assertThat(d.exception()).isEqualTo(IOException.class.getName());
  }

  @Test
  void callsThatNeverAnswer_timeOutIntoTheErrorJournal_whileOthersComplete() throws Exception {
    AsyncTransform<Long, Long> halfSilent = new AsyncTransform<>() {
      @Override
      public CompletionStage<Long> apply(Long in) {
        return in % 2 == 0 ? CompletableFuture.completedFuture(in) : new CompletableFuture<>();
      }

      @Override
      public Duration timeout() {
        return Duration.ofMillis(50);
      }

      @Override
      public int maxInFlight() {
        return 16;
      }
    };
    List<Long> out = new ArrayList<>();
    FlowHandle h = flow(halfSilent, out, 40).builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).hasSize(20).isSorted().allMatch(x -> x % 2 == 0);
    assertThat(h.journals().errors("call").readAll(RecordKind.ERROR))
        .hasSize(20)
        .extracting(rec -> ((DeadLetter) rec.payload()).kind())
        .containsOnly(ErrorKind.TIMEOUT);
  }

  @Test
  void applyThatThrows_deadLettersThatInput() throws Exception {
    AsyncTransform<Long, Long> picky = in -> {
      if (in == 3) {
        throw new IllegalArgumentException("three");
      }
      return CompletableFuture.completedFuture(in);
    };
    List<Long> out = new ArrayList<>();
    FlowResult r = flow(picky, out, 6).builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).containsExactly(0L, 1L, 2L, 4L, 5L);
    assertThat(r.stage("call").errors()).isEqualTo(1);
  }
}

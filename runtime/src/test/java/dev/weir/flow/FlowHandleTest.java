package dev.weir.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handle as a user holds it: its completion stage, try-with-resources, and read-only journals. */
class FlowHandleTest {

  private static final ElementType LONG = ElementType.of(Long.class);

  private static FlowDefinition finite(List<Long> sunk) {
    Transform<Long, Long> evenOnly = (n, out) -> {
      if (n % 2 == 1) {
        throw new StageException(ErrorKind.VALIDATION, "odd: " + n);
      }
      out.emit(n);
    };
    Sink<Long> sink = sunk::add;
    return FlowDefinition.define("finite")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(10, n -> n)))
        .stage(StageDefinition.transform("even", StageKind.TRANSFORM, LONG, LONG, f -> evenOnly))
        .stage(StageDefinition.sink("out", LONG, f -> sink))
        .chain("numbers", "even", "out")
        .build();
  }

  private static FlowDefinition endless(AtomicLong sunk) {
    Sink<Long> sink = n -> sunk.incrementAndGet();
    return FlowDefinition.define("endless")
        .stage(StageDefinition.source("ticks", LONG, f -> Sources.infinite(n -> n)))
        .stage(StageDefinition.sink("out", LONG, f -> sink))
        .chain("ticks", "out")
        .build();
  }

  @Test
  void completionCompletesWithTheResultAwaitReturns() throws Exception {
    List<Long> sunk = new CopyOnWriteArrayList<>();
    FlowHandle h = finite(sunk).builder().start();
    FlowResult viaStage = h.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
    FlowResult viaAwait = h.await();
    assertThat(viaStage.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(viaStage.stage("even").errors()).isEqualTo(5);
    assertThat(viaStage).isSameAs(viaAwait);
    assertThat(sunk).containsExactly(0L, 2L, 4L, 6L, 8L);
    // a caller completing its copy does not touch the run's
    h.completion().toCompletableFuture().complete(null);
    assertThat(h.completion().toCompletableFuture().get()).isSameAs(viaAwait);
  }

  @Test
  void closeStopsARunningFlowGracefullyAndWaitsForIt() throws Exception {
    AtomicLong sunk = new AtomicLong();
    FlowHandle handle;
    try (FlowHandle h = endless(sunk).builder().start()) {
      handle = h;
      Await.until("the sink got 1000 events", () -> sunk.get() > 1000);
    }
    assertThat(handle.state()).isEqualTo(FlowState.COMPLETED);
    FlowResult r = handle.await(Duration.ZERO).orElseThrow();
    assertThat(r.detail()).contains("closed");
    // graceful: every event the source journaled reached the sink
    long emitted = handle.journals().data("ticks").recordsBeforeEnd();
    assertThat(sunk.get()).isEqualTo(emitted);
  }

  @Test
  void closeAfterTheEndIsANoOp() throws Exception {
    FlowHandle h = finite(new CopyOnWriteArrayList<>()).builder().start();
    FlowResult r = h.await();
    h.close();
    h.close();
    assertThat(h.await()).isSameAs(r);
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
  }

  @Test
  void closeInterruptedCancelsTheRunAndKeepsTheFlag() throws Exception {
    AtomicLong sunk = new AtomicLong();
    Sink<Long> stuck = n -> {
      sunk.incrementAndGet();
      Thread.sleep(50);
    };
    FlowDefinition def = FlowDefinition.define("slow")
        .stage(StageDefinition.source("ticks", LONG, f -> Sources.infinite(n -> n)))
        .stage(StageDefinition.sink("out", LONG, f -> stuck))
        .chain("ticks", "out")
        .build();
    FlowHandle h = def.builder().stopDeadline(Duration.ofMinutes(10)).start();
    Await.until("the sink got an event", () -> sunk.get() > 0);
    Thread.currentThread().interrupt();
    h.close();
    assertThat(Thread.interrupted()).isTrue();
    FlowResult r = h.await(Duration.ofSeconds(60)).orElseThrow();
    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
  }

  @Test
  void journalsAreReadOnlyViewsWithEventsAndDeadLetters(@TempDir Path tmp) throws Exception {
    for (Journals journals : List.of(Journals.memory(), Journals.disk(tmp))) {
      try (FlowHandle h = finite(new CopyOnWriteArrayList<>()).builder().journals(journals).start()) {
        h.await();
        RunView run = h.journals();
        assertThat(run.stageNames()).containsExactly("numbers", "even", "out");
        assertThat(run.data("even").events()).containsExactly(0L, 2L, 4L, 6L, 8L);
        List<DeadLetter> dead = run.errors("even").deadLetters();
        assertThat(dead).extracting(DeadLetter::input).containsExactly(1L, 3L, 5L, 7L, 9L);
        assertThat(dead).allSatisfy(d -> {
          assertThat(d.kind()).isEqualTo(ErrorKind.VALIDATION);
          assertThat(d.message()).startsWith("odd: ");
        });
        assertThat(run.data("even").endOfStream()).isPresent();
        assertThat(run.data("even").recordsBeforeEnd()).isEqualTo(5);
        assertThat(run.order("out")).isEmpty();
        assertThat(run.directory().isPresent()).isEqualTo(journals instanceof DiskJournals);
        assertThatThrownBy(() -> run.data("nosuch")).hasMessageContaining("has no stage 'nosuch'")
            .hasMessageContaining("[numbers, even, out]");
      }
    }
  }

  @Test
  void journalsOfAnotherMakeAreRefusedAtStartSayingWhichToUse() {
    Journals foreign = new Journals() {
      @Override
      public String toString() {
        return "my-journals";
      }
    };
    assertThatThrownBy(() -> finite(new CopyOnWriteArrayList<>()).builder().journals(foreign).start())
        .isInstanceOf(FlowException.class)
        .hasMessageContaining("my-journals")
        .hasMessageContaining("Journals.memory() or Journals.disk(dir)");
  }
}

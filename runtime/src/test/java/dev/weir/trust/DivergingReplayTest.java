package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.AsyncTransform;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.Durability;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay whose flow changed, so that a stage's inputs no longer match the archived order, gives up
 * following the archive and goes on round robin without losing anything, also for an async stage
 * with a bounded window of calls.
 */
class DivergingReplayTest {

  @TempDir
  Path dir;

  private static final ElementType LONG = ElementType.of(Long.class);

  private static FlowDefinition flow(LongPredicate keepA, AtomicLong delivered) {
    AsyncTransform<Long, Long> call = new AsyncTransform<>() {
      @Override
      public java.util.concurrent.CompletionStage<Long> apply(Long x) {
        return CompletableFuture.supplyAsync(() -> x + 1);
      }

      @Override
      public int maxInFlight() {
        return 4;
      }
    };
    return FlowDefinition.define("diverging")
        .stage(StageDefinition.source("a", LONG, f -> Sources.range(3000, i -> i)))
        .stage(StageDefinition.source("b", LONG, f -> Sources.range(3000, i -> i)))
        .stage(StageDefinition.source("c", LONG, f -> Sources.range(3000, i -> i)))
        .stage(StageDefinition.transform("fa", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.filter((Long x) -> keepA.test(x))))
        .stage(StageDefinition.transform("call", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> call))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> delivered.incrementAndGet()))
        .edge(EdgeDefinition.forward("a", "fa"))
        .edge(EdgeDefinition.forward("fa", "call"))
        .edge(EdgeDefinition.forward("b", "call"))
        .edge(EdgeDefinition.forward("c", "call"))
        .edge(EdgeDefinition.forward("call", "out"))
        .build();
  }

  @Test
  void anAsyncStageWhoseArchivedOrderNoLongerFits_deliversEveryInputOnce() throws Exception {
    AtomicLong first = new AtomicLong();
    FlowHandle run = flow(x -> true, first).builder().journals(Journals.disk(dir).durability(Durability.none())).start();
    assertThat(run.await().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(first.get()).isEqualTo(9000);

    // the changed filter passes a tenth of a's events: the archived order asks for more of them than come
    AtomicLong again = new AtomicLong();
    FlowHandle replay = flow(x -> x % 10 == 0, again).builder().journals(Journals.memory())
        .replayFrom(run.journals().directory().orElseThrow()).start();
    FlowResult r = replay.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("call").received()).isEqualTo(300 + 3000 + 3000);
    assertThat(r.stage("call").emitted() + r.stage("call").errors()).isEqualTo(6300);
    assertThat(again.get()).isEqualTo(6300);
  }
}

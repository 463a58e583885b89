package dev.weir.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import dev.weir.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

  @TempDir
  Path dir;

  private static final ElementType LONG = ElementType.of(Long.class);

  /** Page-cache durability: these tests are about replay, the sync policies have their own. */
  private Journals disk() {
    return Journals.disk(dir).durability(dev.weir.flow.Durability.none());
  }

  /** numbers fans out to two branches that fan back in to 'merge': merge's input order is timing. */
  static FlowDefinition diamond(List<Long> out, boolean original) {
    Transform<Long, Long> slowOdd = (x, emit) -> {
      if (original && x % 97 == 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(200_000); // timing differs run to run
      }
      emit.emit(x * 2 + 1);
    };
    return FlowDefinition.define("diamond")
        .bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(20_000, i -> i)))
        .stage(StageDefinition.transform("odd", StageKind.TRANSFORM, LONG, LONG, f -> slowOdd))
        .stage(StageDefinition.transform("even", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long x) -> x * 2)))
        .stage(StageDefinition.transform("merge", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long x) -> x)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) out::add))
        .edge(EdgeDefinition.forward("numbers", "odd"))
        .edge(EdgeDefinition.forward("numbers", "even"))
        .edge(EdgeDefinition.forward("odd", "merge"))
        .edge(EdgeDefinition.forward("even", "merge"))
        .edge(EdgeDefinition.forward("merge", "out"))
        .build();
  }

  @Test
  void replayOfAFanInFlow_reproducesEveryJournal_includingTheMergeOrder() throws Exception {
    List<Long> first = new ArrayList<>();
    FlowHandle original = diamond(first, true).builder().journals(disk()).start();
    assertThat(original.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = original.journals().directory().orElseThrow();

    List<Long> second = new ArrayList<>();
    FlowHandle replay = diamond(second, false).builder().journals(disk()).replayFrom(runDir).start();
    FlowResult r = replay.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(second).isEqualTo(first);
    Path replayDir = replay.journals().directory().orElseThrow();
    assertThat(Manifest.read(replayDir).replayOf()).isEqualTo(runDir.toAbsolutePath().toString());
    try (RunArchive a = RunArchive.open(runDir, diamond(new ArrayList<>(), false), null);
        RunArchive b = RunArchive.open(replayDir, diamond(new ArrayList<>(), false), null)) {
      List<String> stages = List.of("numbers", "odd", "even", "merge", "out");
      assertThat(ReplayVerifier.compare(stages, a::data, b::data, 10)).isEmpty();
      assertThat(b.order("merge").orElseThrow().readAll()).hasSameSizeAs(a.order("merge").orElseThrow().readAll());
    }
  }

  @Test
  void verifier_namesTheFirstDifference() throws Exception {
    FlowHandle original = diamond(new ArrayList<>(), false).builder().journals(disk()).start();
    original.await();
    Path runDir = original.journals().directory().orElseThrow();
    FlowDefinition changed = FlowDefinition.define("diamond")
        .bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(20_000, i -> i)))
        .stage(StageDefinition.transform("odd", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long x) -> x * 2 + 1)))
        .stage(StageDefinition.transform("even", StageKind.TRANSFORM, LONG, LONG,
            f -> Transforms.map((Long x) -> x == 500 ? -1 : x * 2)))
        .stage(StageDefinition.transform("merge", StageKind.TRANSFORM, LONG, LONG, f -> Transforms.map((Long x) -> x)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .edge(EdgeDefinition.forward("numbers", "odd"))
        .edge(EdgeDefinition.forward("numbers", "even"))
        .edge(EdgeDefinition.forward("odd", "merge"))
        .edge(EdgeDefinition.forward("even", "merge"))
        .edge(EdgeDefinition.forward("merge", "out"))
        .build();
    FlowHandle replay = changed.builder().replayFrom(runDir).start();
    assertThat(replay.await().state()).isEqualTo(FlowState.COMPLETED);

    try (RunArchive a = RunArchive.open(runDir, changed, null)) {
      List<Difference> diffs = ReplayVerifier.compare(List.of("numbers", "even"), a::data, replay.journals()::data, 5);
      assertThat(diffs).first().hasToString("even seq 501: payload 1000 vs -1");
    }
  }

  @Test
  void incompleteRun_isRefused_unlessAllowed() throws Exception {
    AtomicLong seen = new AtomicLong();
    FlowDefinition infinite = FlowDefinition.define("endless")
        .stage(StageDefinition.source("ticks", LONG, f -> Sources.infinite(i -> i)))
        .stage(StageDefinition.sink("count", LONG, f -> (Sink<Long>) x -> seen.incrementAndGet()))
        .chain("ticks", "count")
        .build();
    FlowHandle h = infinite.builder().journals(disk()).start();
    try {
      Await.until("the endless source's first 1000 ticks to reach the sink", Duration.ofSeconds(10),
          () -> seen.get() >= 1000);
    } catch (AssertionError e) {
      h.stop(StopMode.CANCEL); // do not leave an endless run behind
      throw e;
    }
    h.stop(StopMode.CANCEL);
    FlowResult cancelled = h.await(Duration.ofSeconds(30))
        .orElseThrow(() -> new AssertionError("a cancelled run did not end within 30 s: " + h));
    assertThat(cancelled.state()).isEqualTo(FlowState.CANCELLED);
    Path runDir = h.journals().directory().orElseThrow();
    assertThat(Manifest.read(runDir).status()).isEqualTo("CANCELLED");

    FlowResult refused = infinite.builder().replayFrom(runDir).start().await();
    assertThat(refused.state()).isEqualTo(FlowState.FAILED);
    assertThat(refused.failure().orElseThrow().getMessage()).contains("did not complete (status CANCELLED)")
        .contains("--allow-incomplete");

    seen.set(0);
    FlowHandle allowed = infinite.builder().replayFrom(runDir).allowIncomplete().start();
    FlowResult r = allowed.await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    long archived = h.journals().data("ticks").lastSeq();
    assertThat(r.stage("ticks").emitted()).isEqualTo(archived);
    assertThat(seen.get()).isEqualTo(archived);
  }

  @Test
  void stageMissingFromTheArchive_isAClearError() throws Exception {
    FlowHandle original = diamond(new ArrayList<>(), false).builder().journals(disk()).start();
    original.await();
    FlowDefinition renamed = FlowDefinition.define("diamond")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(1, i -> i)))
        .stage(StageDefinition.sink("sink", LONG, f -> (Sink<Long>) x -> {}))
        .chain("numbers", "sink")
        .build();

    FlowResult r = renamed.builder().replayFrom(original.journals().directory().orElseThrow()).start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("has stage 'odd', which flow 'diamond' does not have");
  }
}

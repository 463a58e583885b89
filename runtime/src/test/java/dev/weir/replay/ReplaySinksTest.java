package dev.weir.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.event.SystemEvent;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.ReplaySinks;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageResult;
import dev.weir.journal.RunArchive;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code FlowBuilder.replaySinks}: a replay that skips its sinks calls none, yet still verifies. */
class ReplaySinksTest {

  private static final ElementType LONG = ElementType.of(Long.class);
  private static final int COUNT = 3_000;
  private static final List<String> STAGES = List.of("numbers", "doubled", "out");

  @TempDir
  Path dir;

  /** What the sink did: every call of its handler and of the method that creates it. */
  static final class SinkCalls {
    final AtomicInteger created = new AtomicInteger();
    final List<Long> consumed = new CopyOnWriteArrayList<>();
    final AtomicInteger flushes = new AtomicInteger();
  }

  private Journals disk() {
    return Journals.disk(dir).durability(dev.weir.flow.Durability.none());
  }

  /**
   * numbers |> doubled |> out. {@code doubled} dead-letters every input ending in 7 (x % 100 == 7)
   * and applies {@code change}; {@code out} records what it consumes and dead-letters multiples of
   * 250, so the original sink has both receipts and dead letters.
   */
  static FlowDefinition flow(SinkCalls calls, Transform<Long, Long> doubled) {
    return FlowDefinition.define("sinks")
        .bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(COUNT, i -> i)))
        .stage(StageDefinition.transform("doubled", StageKind.TRANSFORM, LONG, LONG, f -> doubled))
        .stage(StageDefinition.sink("out", LONG, f -> {
          calls.created.incrementAndGet();
          return new Sink<Long>() {
            @Override
            public void consume(Long x) throws Exception {
              if (x % 250 == 0) {
                throw new StageException(ErrorKind.DOMAIN, "no multiples of 250: " + x);
              }
              calls.consumed.add(x);
            }

            @Override
            public void flush() {
              calls.flushes.incrementAndGet();
            }
          };
        }))
        .chain("numbers", "doubled", "out")
        .build();
  }

  static Transform<Long, Long> doubling() {
    return (x, out) -> {
      if (x % 100 == 7) {
        throw new StageException(ErrorKind.VALIDATION, "ends in 07: " + x);
      }
      out.emit(x * 2);
    };
  }

  private Path original(SinkCalls calls) throws InterruptedException {
    FlowHandle h = flow(calls, doubling()).builder().journals(disk()).start();
    FlowResult r = h.await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("out").errors()).isGreaterThan(0); // the original sink dead-lettered some inputs
    return h.journals().directory().orElseThrow();
  }

  private List<Difference> verify(Path runDir, FlowDefinition def, FlowHandle replay) throws Exception {
    try (RunArchive a = RunArchive.open(runDir, def, null)) {
      return ReplayVerifier.compare(STAGES, a::data, replay.journals()::data, 10);
    }
  }

  private static String completedNote(FlowHandle h, String stage) {
    return h.journals().system().readAll(RecordKind.SYSTEM).stream()
        .map(r -> (SystemEvent) r.payload())
        .filter(e -> e.type() == SystemEvent.Type.STAGE_COMPLETED && e.subject().equals(stage))
        .map(SystemEvent::detail).findFirst().orElseThrow();
  }

  @Test
  void skippedSinks_areNeitherCreatedNorCalled_yetTheReplayMatchesTheOriginal() throws Exception {
    SinkCalls first = new SinkCalls();
    Path runDir = original(first);
    assertThat(first.consumed).isNotEmpty();

    SinkCalls skipped = new SinkCalls();
    FlowDefinition def = flow(skipped, doubling());
    FlowHandle replay = def.builder().journals(disk()).replayFrom(runDir).replaySinks(ReplaySinks.SKIP).start();
    FlowResult r = replay.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(skipped.created).hasValue(0);
    assertThat(skipped.consumed).isEmpty();
    assertThat(skipped.flushes).hasValue(0);
    assertThat(verify(runDir, def, replay)).isEmpty();
    try (RunArchive a = RunArchive.open(runDir, def, null)) {
      StageResult out = r.stage("out");
      long originalReceipts = a.data("out").readAll(RecordKind.RECEIPT).size();
      assertThat(out.emitted()).isEqualTo(originalReceipts).isEqualTo(first.consumed.size());
      assertThat(out.received()).isEqualTo(COUNT - COUNT / 100);
      // the sink's dead letters are the original's: same inputs, kinds, exceptions and messages
      List<DeadLetter> was = a.errors("out").deadLetters();
      List<DeadLetter> now = replay.journals().errors("out").deadLetters();
      assertThat(now).hasSize(was.size()).isEqualTo(was);
      assertThat(now).first().satisfies(d -> {
        assertThat(d.kind()).isEqualTo(ErrorKind.DOMAIN);
        assertThat(d.message()).isEqualTo("no multiples of 250: 0");
      });
      assertThat(out.errors()).isEqualTo(was.size());
      List<EventKey> parentsThen = a.errors("out").readAll(RecordKind.ERROR).stream().map(EventKey::of).toList();
      List<EventKey> parentsNow = replay.journals().errors("out").readAll(RecordKind.ERROR).stream().map(EventKey::of)
          .toList();
      assertThat(parentsNow).isEqualTo(parentsThen);
    }
    assertThat(completedNote(replay, "out")).contains("skipped on replay, not called: " + first.consumed.size()
        + " receipts and " + r.stage("out").errors() + " dead letters copied from the original run")
        .doesNotContain("without an original outcome");
  }

  /** A dead letter's identity apart from its payload: the input it names. */
  record EventKey(String upstream, long seq, long correlation, int depth) {
    static EventKey of(JournalRecord r) {
      return new EventKey(r.parent().stage(), r.parent().seq(), r.correlationId(), r.depth());
    }
  }

  @Test
  void sinksRunAgain_byDefault_andWithRun() throws Exception {
    SinkCalls first = new SinkCalls();
    Path runDir = original(first);

    for (boolean explicit : new boolean[] {false, true}) {
      SinkCalls again = new SinkCalls();
      FlowDefinition def = flow(again, doubling());
      var builder = def.builder().journals(disk()).replayFrom(runDir);
      if (explicit) {
        builder.replaySinks(ReplaySinks.RUN);
      }
      FlowHandle replay = builder.start();
      FlowResult r = replay.await();

      assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
      assertThat(again.created).hasValue(1);
      assertThat(again.consumed).isEqualTo(first.consumed);
      assertThat(again.flushes.get()).isPositive();
      assertThat(verify(runDir, def, replay)).isEmpty();
      assertThat(completedNote(replay, "out")).doesNotContain("skipped");
    }
  }

  @Test
  void aChangedTransformUpstream_isStillReported_whenSinksAreSkipped() throws Exception {
    Path runDir = original(new SinkCalls());
    Transform<Long, Long> changed = (x, out) -> {
      if (x % 100 == 7) {
        throw new StageException(ErrorKind.VALIDATION, "ends in 07: " + x);
      }
      out.emit(x == 1_001 ? -1 : x * 2);
    };
    SinkCalls skipped = new SinkCalls();
    FlowDefinition def = flow(skipped, changed);

    FlowHandle replay = def.builder().journals(disk()).replayFrom(runDir).replaySinks(ReplaySinks.SKIP).start();
    FlowResult r = replay.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(skipped.consumed).isEmpty();
    long seq = 1_002 - 10; // 0..1001, less 7, 107, ... 907, which doubled dead-letters
    List<Difference> diffs = verify(runDir, def, replay);
    assertThat(diffs).first().isEqualTo(new Difference("doubled", seq, "payload 2002 vs -1"));
    // the original sink never got -1: its receipt does not apply, so the skipped sink differs from there on too
    assertThat(diffs.get(1).stage()).isEqualTo("doubled"); // its end of stream: the checksum differs
    assertThat(diffs.get(1).what()).startsWith("payload EndOfStream");
    assertThat(diffs.get(2).stage()).isEqualTo("out");
    assertThat(diffs.get(2).what()).isEqualTo("parent doubled#" + seq + " vs doubled#" + (seq + 1));
    JournalRecord notDelivered = replay.journals().errors("out").readAll(RecordKind.ERROR).stream()
        .filter(l -> l.parent().seq() == seq).findFirst().orElseThrow();
    DeadLetter d = (DeadLetter) notDelivered.payload();
    assertThat(d.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(d.exception()).isEqualTo("skipped");
    assertThat(d.input()).isEqualTo(-1L);
    assertThat(d.message()).isEqualTo("sink 'out' is skipped on this replay, and in the original run it received"
        + " another event as doubled#" + seq + " (the replay diverged upstream): no outcome to copy, so this input was"
        + " not delivered");
    assertThat(completedNote(replay, "out")).endsWith(", 1 inputs without an original outcome dead-lettered");
  }

  @Test
  void aTransformThatEmitsMore_isReported_andTheSinkDeadLettersWhatTheOriginalNeverReceived() throws Exception {
    SinkCalls first = new SinkCalls();
    Path runDir = original(first);
    Transform<Long, Long> more = (x, out) -> {
      if (x % 100 == 7) {
        throw new StageException(ErrorKind.VALIDATION, "ends in 07: " + x);
      }
      out.emit(x * 2);
      if (x == COUNT - 1) {
        out.emit(1L); // one event more than the original, at the very end
      }
    };
    SinkCalls skipped = new SinkCalls();
    FlowDefinition def = flow(skipped, more);

    FlowHandle replay = def.builder().journals(disk()).replayFrom(runDir).replaySinks(ReplaySinks.SKIP).start();
    FlowResult r = replay.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(skipped.consumed).isEmpty();
    long extra = COUNT - COUNT / 100 + 1;
    assertThat(verify(runDir, def, replay)).first()
        .isEqualTo(new Difference("doubled", extra, "kind END_OF_STREAM vs DATA"));
    JournalRecord letter = replay.journals().errors("out").readAll(RecordKind.ERROR).stream()
        .filter(l -> l.parent().seq() == extra).findFirst().orElseThrow();
    assertThat(((DeadLetter) letter.payload()).message()).contains("it never received doubled#" + extra);
    assertThat(r.stage("out").emitted()).isEqualTo(first.consumed.size());
  }

  @Test
  void aSkippedSinkWithTwoInputs_consumesInTheRecordedOrder_andMatches() throws Exception {
    SinkCalls first = new SinkCalls();
    FlowHandle original = twoInputs(first, true).builder().journals(disk()).start();
    assertThat(original.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = original.journals().directory().orElseThrow();

    SinkCalls skipped = new SinkCalls();
    FlowDefinition def = twoInputs(skipped, false);
    FlowHandle replay = def.builder().journals(disk()).replayFrom(runDir).replaySinks(ReplaySinks.SKIP).start();
    FlowResult r = replay.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(skipped.created).hasValue(0);
    assertThat(skipped.consumed).isEmpty();
    try (RunArchive a = RunArchive.open(runDir, def, null)) {
      assertThat(ReplayVerifier.compare(List.of("numbers", "evens", "odds", "out"), a::data, replay.journals()::data,
          10)).isEmpty();
      assertThat(replay.journals().order("out").orElseThrow().readAll())
          .hasSameSizeAs(a.order("out").orElseThrow().readAll());
      assertThat(replay.journals().errors("out").deadLetters()).isEqualTo(a.errors("out").deadLetters());
    }
    assertThat(r.stage("out").emitted()).isEqualTo(first.consumed.size());
    assertThat(r.stage("out").errors()).isEqualTo(COUNT / 250);
  }

  /** evens and odds, both from numbers, both into one sink: a sink that consumes in a recorded order. */
  static FlowDefinition twoInputs(SinkCalls calls, boolean slow) {
    Transform<Long, Long> odds = (x, out) -> {
      if (x % 2 == 1) {
        if (slow && x % 101 == 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(200_000); // timing differs run to run
        }
        out.emit(x);
      }
    };
    return FlowDefinition.define("two_inputs")
        .bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(COUNT, i -> i)))
        .stage(StageDefinition.transform("evens", StageKind.TRANSFORM, LONG, LONG,
            f -> Transforms.filter((Long x) -> x % 2 == 0)))
        .stage(StageDefinition.transform("odds", StageKind.TRANSFORM, LONG, LONG, f -> odds))
        .stage(StageDefinition.sink("out", LONG, f -> {
          calls.created.incrementAndGet();
          return (Sink<Long>) x -> {
            if (x % 250 == 0) {
              throw new StageException(ErrorKind.DOMAIN, "no multiples of 250: " + x);
            }
            calls.consumed.add(x);
          };
        }))
        .edge(EdgeDefinition.forward("numbers", "evens"))
        .edge(EdgeDefinition.forward("numbers", "odds"))
        .edge(EdgeDefinition.forward("evens", "out"))
        .edge(EdgeDefinition.forward("odds", "out"))
        .build();
  }

  public record OrderV1(long id, double amount) {}

  public record OrderV2(long id, long amountMinor, String currency) {}

  @Test
  void aSkippedSinkAfterAnUpcastSource_comparesItsInputsAsTheReplayEncodesThem() throws Exception {
    FlowHandle original = FlowDefinition.define("orders")
        .stage(StageDefinition.source("orders", ElementType.of(OrderV1.class, "order", 1),
            f -> Sources.range(50, i -> new OrderV1(i, i + 0.25))))
        .stage(StageDefinition.sink("book", ElementType.of(OrderV1.class, "order", 1), f -> (Sink<OrderV1>) o -> {}))
        .chain("orders", "book")
        .build().builder().journals(disk()).start();
    assertThat(original.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = original.journals().directory().orElseThrow();
    List<OrderV2> booked = new CopyOnWriteArrayList<>();
    FlowDefinition v2 = FlowDefinition.define("orders")
        .stage(StageDefinition.source("orders", ElementType.of(OrderV2.class, "order", 2),
            f -> Sources.range(50, i -> new OrderV2(i, i * 100 + 25, "USD"))))
        .stage(StageDefinition.sink("book", ElementType.of(OrderV2.class, "order", 2), f -> (Sink<OrderV2>) booked::add))
        .chain("orders", "book")
        .build()
        .withUpcaster("order", 1, node -> {
          com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) node;
          o.put("amountMinor", Math.round(o.remove("amount").asDouble() * 100));
          o.put("currency", "USD");
          return o;
        });

    FlowHandle replay = v2.builder().journals(disk()).replayFrom(runDir).replaySinks(ReplaySinks.SKIP).start();
    FlowResult r = replay.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(booked).isEmpty();
    // the archived v1 payloads, upcast and re-encoded, are what the sink received: every receipt is copied
    assertThat(r.stage("book").emitted()).isEqualTo(50);
    assertThat(r.stage("book").errors()).isZero();
  }

  @Test
  void skippingSinks_withoutAReplay_isRefusedAtStart() {
    FlowDefinition def = flow(new SinkCalls(), doubling());
    assertThatThrownBy(() -> def.builder().replaySinks(ReplaySinks.SKIP).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replaySinks(SKIP)")
        .hasMessageContaining("replayFrom(<run dir>)");
  }
}

package dev.weir.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Aggregations;
import dev.weir.api.EmitPolicy;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.StatelessTransform;
import dev.weir.api.Transform;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the rule that a failed journal flush drops the rest of the stage's batch: an error or
 * order journal that fails mid-run for a transform, a sink and a stateful stage, and batches over
 * 4 MB with dead letters in them. After a resume every input is delivered once or dead-lettered once,
 * and the journals equal an uninterrupted run's.
 */
class JournalFlushAttackTest {

  static final ElementType LONG = ElementType.of(Long.class);
  static final ElementType STRING = ElementType.of(String.class);

  @TempDir
  Path dir;

  /** Writes to the segments of journal {@code journal} (e.g. {@code big.errors}) fail from the {@code failAt}-th on. */
  static final class FailJournal implements FileFaults {
    final String journal;
    final int failAt;
    final AtomicInteger writes = new AtomicInteger();

    FailJournal(String journal, int failAt) {
      this.journal = journal;
      this.failAt = failAt;
    }

    @Override
    public FileChannel open(Path file) throws IOException {
      FileChannel real = FileFaults.NONE.open(file);
      if (!file.getParent().getFileName().toString().equals(journal)) {
        return real;
      }
      return new DelegatingChannel(real) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          if (writes.incrementAndGet() >= failAt) {
            throw new IOException("injected: " + journal + " write lost");
          }
          return delegate.write(src);
        }
      };
    }
  }

  private interface Shape {
    FlowDefinition define();
  }

  private Path reference(Shape shape, Consumer<FlowBuilder> settings) throws InterruptedException {
    FlowBuilder b = shape.define().builder().journals(Journals.disk(dir.resolve("reference")));
    settings.accept(b);
    FlowHandle h = b.start();
    FlowResult r = h.await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    return h.journals().directory().orElseThrow();
  }

  /** Runs with {@code journal}'s writes failing from the {@code failAt}-th; returns the failed run's directory. */
  private Path failedRun(Shape shape, String journal, int failAt, Consumer<FlowBuilder> settings)
      throws InterruptedException {
    FailJournal faults = new FailJournal(journal, failAt);
    FlowBuilder b = shape.define().builder().journals(new FaultInjectingJournals(Journals.disk(dir.resolve("runs")), faults));
    settings.accept(b);
    FlowHandle h = b.start();
    FlowResult r = h.await();
    assertThat(faults.writes.get()).as("the fault was reached").isGreaterThanOrEqualTo(failAt);
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).as("the failure names the journal").contains(journal);
    return h.journals().directory().orElseThrow();
  }

  private FlowResult resume(Shape shape, Path runDir, Consumer<FlowBuilder> settings) throws InterruptedException {
    FlowBuilder b = shape.define().builder().journals(Journals.disk(dir.resolve("runs"))).resumeFrom(runDir);
    settings.accept(b);
    return b.start().await();
  }

  private static final Consumer<FlowBuilder> DEFAULTS = b -> {};

  /** For each input seq of {@code stage} (parent in {@code upstream}): its outputs and dead letters in the journals. */
  private static Map<Long, int[]> outcomes(Path runDir, String stage) throws IOException {
    Map<Long, int[]> out = new HashMap<>();
    try (RunArchive a = RunArchive.open(runDir, null)) {
      for (JournalRecord r : a.data(stage).readAll()) {
        if (r.kind() == RecordKind.END_OF_STREAM) {
          continue; // outputs and receipts count
        }
        out.computeIfAbsent(r.parent().seq(), k -> new int[2])[0]++;
      }
      for (JournalRecord r : a.errors(stage).readAll(RecordKind.ERROR)) {
        out.computeIfAbsent(r.parent().seq(), k -> new int[2])[1]++;
      }
    }
    return out;
  }

  /** Every input 1..n of {@code stage} has exactly one output or exactly one dead letter. */
  private static void onceEach(Path runDir, String stage, long n) throws IOException {
    Map<Long, int[]> o = outcomes(runDir, stage);
    List<String> wrong = new ArrayList<>();
    for (long s = 1; s <= n; s++) {
      int[] c = o.getOrDefault(s, new int[2]);
      if (c[0] + c[1] != 1) {
        wrong.add("input " + s + ": " + c[0] + " outputs, " + c[1] + " dead letters");
      }
    }
    assertThat(wrong).as("inputs of " + stage + " not handled exactly once").isEmpty();
  }

  // --- a transform's error journal ------------------------------------------------------------

  static final long SMALL_N = 5_000;

  private static Shape smallTransform() {
    return () -> FlowDefinition.define("flush-transform").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(SMALL_N, i -> i + 1)))
        .stage(StageDefinition.transform("checked", StageKind.TRANSFORM, LONG, LONG,
            f -> (StatelessTransform<Long, Long>) (v, o) -> {
              if (v % 7 == 0) {
                throw new StageException(ErrorKind.VALIDATION, "multiple of 7: " + v);
              }
              o.emit(v * 2);
            }))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "checked", "out")
        .build();
  }

  @Test
  void aTransformsErrorJournalFailsMidRun_resumed_everyInputOnce_sameAsUninterrupted() throws Exception {
    Path ref = reference(smallTransform(), DEFAULTS);
    Path runDir = failedRun(smallTransform(), "checked.errors", 3, DEFAULTS);
    FlowResult r = resume(smallTransform(), runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    onceEach(runDir, "checked", SMALL_N);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
  }

  @Test
  void aTransformsErrorJournalFailsMidRun_onManyThreads_resumed_sameAsUninterrupted() throws Exception {
    Consumer<FlowBuilder> threads = b -> b.threads(4);
    Path ref = reference(smallTransform(), threads);
    Path runDir = failedRun(smallTransform(), "checked.errors", 3, threads);
    FlowResult r = resume(smallTransform(), runDir, threads);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    onceEach(runDir, "checked", SMALL_N);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
  }

  // --- a sink's error journal -----------------------------------------------------------------

  static final Map<Long, AtomicInteger> DELIVERED = new java.util.concurrent.ConcurrentHashMap<>();

  private static Shape sinkFlow() {
    return () -> FlowDefinition.define("flush-sink").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(SMALL_N, i -> i + 1)))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {
          if (v % 11 == 0) {
            throw new StageException(ErrorKind.VALIDATION, "multiple of 11: " + v);
          }
          DELIVERED.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
        }))
        .chain("numbers", "out")
        .build();
  }

  @Test
  void aSinksErrorJournalFailsMidRun_resumed_everyInputReceiptedOrDeadLetteredOnce() throws Exception {
    Path ref = reference(sinkFlow(), DEFAULTS);
    DELIVERED.clear();
    Path runDir = failedRun(sinkFlow(), "out.errors", 3, DEFAULTS);
    FlowResult r = resume(sinkFlow(), runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    onceEach(runDir, "out", SMALL_N);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
    for (long v = 1; v <= SMALL_N; v++) {
      if (v % 11 != 0) {
        assertThat(DELIVERED.get(v)).as("input " + v + " delivered").isNotNull();
      }
    }
    assertThat(DELIVERED.keySet()).noneMatch(v -> v % 11 == 0);
  }

  // --- a stateful stage's order journal -------------------------------------------------------

  /** Two sources into a stateful count: its order journal records which input each run of events came from. */
  private static Shape statefulFlow() {
    return () -> FlowDefinition.define("flush-stateful").bufferSize(64)
        .stage(StageDefinition.source("a", LONG, f -> Sources.range(SMALL_N, i -> i + 1)))
        .stage(StageDefinition.source("b", LONG, f -> Sources.range(SMALL_N, i -> SMALL_N + i + 1)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
            f -> Aggregations.reduce(() -> 0L, (Long a, Long v) -> a + 1).emitting(EmitPolicy.everyN(100).thenReset())))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}))
        .chain("a", "sums", "out")
        .chain("b", "sums")
        .build();
  }

  /** The events the order journal of {@code sums} says it consumed from each input. */
  private static long[] consumed(RunArchive a) {
    long[] c = new long[2];
    for (JournalRecord rec : a.order("sums").orElseThrow().readAll(RecordKind.CONSUMED)) {
      dev.weir.event.Consumed run = (dev.weir.event.Consumed) rec.payload();
      c[run.input()] += run.count();
    }
    return c;
  }

  @Test
  void aStatefulStagesOrderJournalFailsMidRun_resumed_consumesEveryInputOnce() throws Exception {
    Path ref = reference(statefulFlow(), DEFAULTS); // its order differs, its counts do not
    List<String> refCounts;
    try (RunArchive a = RunArchive.open(ref, null)) {
      refCounts = a.data("sums").readAll(RecordKind.DATA).stream().map(rec -> String.valueOf(rec.payload())).sorted().toList();
    }
    Path runDir = failedRun(statefulFlow(), "sums.order", 3, DEFAULTS);
    try (RunArchive a = RunArchive.open(runDir, null)) {
      long[] c = consumed(a);
      long emitted = a.data("sums").readAll(RecordKind.DATA).size();
      assertThat(emitted * 100).as("the order journal is not behind the outputs it explains: " + emitted
          + " counts of 100 emitted, " + (c[0] + c[1]) + " consumptions ordered").isLessThanOrEqualTo(c[0] + c[1]);
    }
    FlowResult r = resume(statefulFlow(), runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    try (RunArchive a = RunArchive.open(runDir, null)) {
      assertThat(consumed(a)).as("each input's events and its end of stream, once").containsExactly(SMALL_N + 1, SMALL_N + 1);
      List<String> counts = a.data("sums").readAll(RecordKind.DATA).stream().map(rec -> String.valueOf(rec.payload()))
          .sorted().toList();
      assertThat(counts).containsExactlyElementsOf(refCounts);
      assertThat(counts.stream().filter("100"::equals).count()).isEqualTo(2 * SMALL_N / 100);
      assertThat(a.data("out").readAll(RecordKind.RECEIPT)).hasSize(refCounts.size());
    }
    assertThat(RunArchive.verify(runDir, null)).allMatch(RunArchive.JournalCheck::ok);
  }

  // --- batches over 4 MB with dead letters -----------------------------------------------------

  static final long BIG_N = 48;
  static final int BIG = 700_000;

  /** {@value #BIG} characters that do not compress, the same for the same seed. */
  static String noise(long seed) {
    java.util.Random random = new java.util.Random(seed);
    char[] c = new char[BIG];
    for (int i = 0; i < BIG; i++) {
      c[i] = (char) ('!' + random.nextInt(90));
    }
    return new String(c);
  }

  /** 700 kB outputs, a dead letter for every third input (with its 1 kB input): a batch passes 4 MB within six inputs. */
  private static Shape bigFlow() {
    return bigFlow(true);
  }

  /** As {@link #bigFlow()}, its transform a {@link StatelessTransform} or a plain {@link Transform}. */
  private static Shape bigFlow(boolean stateless) {
    Transform<Long, String> handler = (v, o) -> {
      if (v % 3 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "multiple of 3: " + v);
      }
      o.emit(v + ":" + noise(v));
    };
    Transform<Long, String> h = stateless ? (StatelessTransform<Long, String>) handler::process : handler;
    return () -> FlowDefinition.define("flush-big").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(BIG_N, i -> i + 1)))
        .stage(StageDefinition.transform("big", StageKind.TRANSFORM, LONG, STRING,
            f -> h))
        .stage(StageDefinition.sink("out", STRING, f -> (Sink<String>) v -> {}))
        .chain("numbers", "big", "out")
        .build();
  }

  private void bigBatch(Consumer<FlowBuilder> settings, boolean checkFailedRun) throws Exception {
    Path ref = reference(bigFlow(), settings);
    Path runDir = failedRun(bigFlow(), "big.errors", 2, settings);
    // the data journal must not hold the outputs of inputs after a dead letter the error journal lost
    Map<Long, int[]> o = outcomes(runDir, "big");
    long lastOut = o.entrySet().stream().filter(e -> e.getValue()[0] > 0).mapToLong(Map.Entry::getKey).max().orElse(0);
    List<Long> lost = new ArrayList<>();
    for (long v = 3; v < lastOut; v += 3) {
      if (o.getOrDefault(v, new int[2])[1] == 0) {
        lost.add(v);
      }
    }
    if (checkFailedRun) {
      assertThat(lost).as("inputs before the last journaled output (input " + lastOut + ") whose dead letter is missing")
          .isEmpty();
    }
    FlowResult r = resume(bigFlow(), runDir, settings);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    onceEach(runDir, "big", BIG_N);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
  }

  @Test
  void aBatchOver4MbWithDeadLetters_errorJournalFails_onItsOwnThread_resumed_everyInputOnce() throws Exception {
    bigBatch(b -> b.threads(4), true);
  }

  @Test
  void aBatchOver4MbWithDeadLetters_errorJournalFails_fused_resumed_everyInputOnce() throws Exception {
    bigBatch(DEFAULTS, true);
  }

  /** A plain transform processes its whole input again on a resume, and so journals the lost dead letters anew. */
  @Test
  void aBatchOver4MbWithDeadLetters_errorJournalFails_fused_plainTransform_resumed_everyInputOnce() throws Exception {
    Path ref = reference(bigFlow(false), DEFAULTS);
    Path runDir = failedRun(bigFlow(false), "big.errors", 2, DEFAULTS);
    FlowResult r = resume(bigFlow(false), runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    onceEach(runDir, "big", BIG_N);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
  }



  @Test
  void aBatchOver4MbWithDeadLetters_uninterrupted_holdsEveryOutputAndDeadLetterOnce() throws Exception {
    Path ref = reference(bigFlow(), DEFAULTS);
    onceEach(ref, "big", BIG_N);
    try (RunArchive a = RunArchive.open(ref, null)) {
      List<DeadLetter> letters = a.errors("big").deadLetters();
      assertThat(letters).hasSize((int) (BIG_N / 3)).allMatch(d -> d.message().startsWith("multiple of 3: "));
      assertThat(a.data("big").readAll(RecordKind.DATA)).hasSize((int) (BIG_N - BIG_N / 3))
          .allMatch(rec -> String.valueOf(rec.payload()).length() > BIG);
    }
  }
}

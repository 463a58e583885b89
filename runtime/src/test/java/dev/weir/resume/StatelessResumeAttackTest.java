package dev.weir.resume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Aggregations;
import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.StatelessTransform;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.CircuitBreakerPolicy;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ErrorBudget;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.dsl.OnOpen;
import dev.weir.flow.Fallback;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StopMode;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import dev.weir.journal.RunComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the resume of {@link StatelessTransform} stages: flatMap with zero and many outputs,
 * middleware in the prefix, fusion, error budgets, chains, fan-out to stateful stages and joins,
 * graceful stops, resuming twice and a drain that breaks the promise. Each resumed run must journal
 * what an uninterrupted run does, or fail saying why.
 */
class StatelessResumeAttackTest {

  private static final long N = 3_000;

  @TempDir
  Path dir;

  /** A sink that, when armed, parks on its {@code k}-th input until released (or interrupted by a cancel). */
  static final class Gate {
    volatile long blockAt;
    final AtomicLong seen = new AtomicLong();
    volatile CountDownLatch reached = new CountDownLatch(1);
    volatile CountDownLatch release = new CountDownLatch(1);
    final List<Long> got = Collections.synchronizedList(new ArrayList<>());

    void arm(long k) {
      blockAt = k;
      seen.set(0);
      reached = new CountDownLatch(1);
      release = new CountDownLatch(1);
      got.clear();
    }

    void disarm() {
      blockAt = 0;
      seen.set(0);
      got.clear();
    }

    Sink<Long> sink() {
      return v -> {
        if (seen.incrementAndGet() == blockAt) {
          reached.countDown();
          release.await();
        }
        got.add(v);
      };
    }
  }

  private final Gate gate = new Gate();

  /** One flow under attack: its definition from the gate's sink, and builder settings. */
  private interface FlowShape {
    FlowDefinition define(Sink<Long> out);
  }

  private Path reference(FlowShape shape, Consumer<FlowBuilder> settings) throws Exception {
    gate.disarm();
    FlowBuilder b = shape.define(gate.sink()).builder().journals(Journals.disk(dir.resolve("reference")));
    settings.accept(b);
    FlowHandle h = b.start();
    FlowResult r = h.await();
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    return h.journals().directory().orElseThrow();
  }

  private Path cancelledAt(FlowShape shape, long k, Consumer<FlowBuilder> settings) throws Exception {
    gate.arm(k);
    FlowBuilder b = shape.define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs")));
    settings.accept(b);
    FlowHandle h = b.start();
    assertThat(gate.reached.await(60, TimeUnit.SECONDS)).as("the sink reached input " + k).isTrue();
    h.stop(StopMode.CANCEL);
    gate.release.countDown();
    assertThat(h.await().state()).isEqualTo(FlowState.CANCELLED);
    return h.journals().directory().orElseThrow();
  }

  private FlowResult resume(FlowShape shape, Path runDir, Consumer<FlowBuilder> settings) throws Exception {
    gate.disarm();
    FlowBuilder b = shape.define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs"))).resumeFrom(runDir);
    settings.accept(b);
    return b.start().await();
  }

  private static final Consumer<FlowBuilder> DEFAULTS = b -> {};

  private static String completedDetail(Path runDir, String stage) throws Exception {
    String detail = "";
    try (RunArchive a = RunArchive.open(runDir, null)) {
      for (var r : a.system().readAll()) {
        if (r.payload() instanceof dev.weir.event.SystemEvent e && e.type() == dev.weir.event.SystemEvent.Type.STAGE_COMPLETED
            && stage.equals(e.subject())) {
          detail = e.detail();
        }
      }
    }
    return detail;
  }

  /** The note of a stage a resume did not skip: its STAGE_COMPLETED detail says nothing was handed on. */
  private static void reDerived(Path runDir, String stage) throws Exception {
    assertThat(completedDetail(runDir, stage)).as("the resume re-derived " + stage)
        .doesNotContain("handed on from the interrupted run's journal");
  }

  /** Cancels at {@code k}, resumes, and checks the resumed run equals the reference record for record. */
  private FlowResult cancelResumeCompare(FlowShape shape, long k, Consumer<FlowBuilder> settings, String skippedStage)
      throws Exception {
    Path ref = reference(shape, settings);
    Path runDir = cancelledAt(shape, k, settings);
    FlowResult r = resume(shape, runDir, settings);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
    assertThat(RunArchive.verify(runDir, null)).allMatch(RunArchive.JournalCheck::ok);
    if (skippedStage != null) {
      assertThat(completedDetail(runDir, skippedStage)).as("the resume skipped a prefix of " + skippedStage)
          .contains("inputs handed on from the interrupted run's journal");
    }
    return r;
  }

  private static StageDefinition numbers(long n) {
    return StageDefinition.source("numbers", ResumeFlows.LONG, f -> Sources.range(n, i -> i + 1));
  }

  private static StageDefinition t(String name, Transform<Long, Long> handler) {
    return StageDefinition.transform(name, StageKind.TRANSFORM, ResumeFlows.LONG, ResumeFlows.LONG, f -> handler);
  }

  private static StageDefinition out(Sink<Long> sink) {
    return StageDefinition.sink("out", ResumeFlows.LONG, f -> sink);
  }

  // --- flatMap with 0 and many outputs -------------------------------------------------------

  /** No output for multiples of 7, 40 outputs for multiples of 11, a dead letter for multiples of 13, else one. */
  private static Iterable<Long> burst(Long v) {
    if (v % 13 == 0) {
      throw new IllegalArgumentException("multiple of 13: " + v);
    }
    if (v % 7 == 0) {
      return List.of();
    }
    if (v % 11 == 0) {
      List<Long> many = new ArrayList<>();
      for (long i = 0; i < 40; i++) {
        many.add(v * 100 + i);
      }
      return many;
    }
    return List.of(v);
  }

  private static FlowShape flatMapFlow() {
    return sink -> FlowDefinition.define("attack-flatmap").bufferSize(64)
        .stage(numbers(N))
        .stage(t("burst", Transforms.flatMap(StatelessResumeAttackTest::burst)))
        .stage(out(sink))
        .chain("numbers", "burst", "out")
        .build();
  }

  @Test
  void flatMap_zeroAndManyOutputs_resumed_equalsAnUninterruptedRun() throws Exception {
    FlowResult r = cancelResumeCompare(flatMapFlow(), 9_000, DEFAULTS, "burst");
    assertThat(r.stage("burst").received()).isEqualTo(N);
    assertThat(r.stage("burst").errors()).isEqualTo(N / 13);
    long expected = 0;
    for (long v = 1; v <= N; v++) {
      if (v % 13 != 0) {
        expected += ((List<Long>) burst(v)).size();
      }
    }
    assertThat(r.stage("burst").emitted()).isEqualTo(expected);
    assertThat(gate.got).as("the resumed sink got only what the interrupted one had not").hasSizeLessThan((int) expected);
  }

  @Test
  void flatMap_cancelledWhereTheLastJournaledInputHadFortyOutputs_resumed_equalsAnUninterruptedRun() throws Exception {
    // 1..N: input 11 has outputs 1..(count before 11)+40; block the sink in the middle of them
    long before = 0;
    for (long v = 1; v < 11; v++) {
      before += v % 7 == 0 ? 0 : 1;
    }
    cancelResumeCompare(flatMapFlow(), before + 20, DEFAULTS, null);
  }

  @Test
  void flatMap_afterASourceThatIsReadAgain_resumed_equalsAnUninterruptedRun() throws Exception {
    FlowShape shape = sink -> FlowDefinition.define("attack-plain-source").bufferSize(64)
        .stage(StageDefinition.source("numbers", ResumeFlows.LONG, f -> ResumeFlows.plain(N)))
        .stage(t("burst", Transforms.flatMap(StatelessResumeAttackTest::burst)))
        .stage(out(sink))
        .chain("numbers", "burst", "out")
        .build();
    FlowResult r = cancelResumeCompare(shape, 5_000, DEFAULTS, "burst");
    assertThat(r.stage("numbers").emitted()).isEqualTo(N);
  }

  // --- two stateless stages in a row, fused or not -------------------------------------------

  private static FlowShape chainOfStateless() {
    return sink -> FlowDefinition.define("attack-chain").bufferSize(32)
        .stage(numbers(N))
        .stage(t("tripled", Transforms.map((Long v) -> v * 3)))
        .stage(t("burst", Transforms.flatMap(StatelessResumeAttackTest::burst)))
        .stage(t("even", Transforms.filter((Long v) -> v % 2 == 0)))
        .stage(out(sink))
        .chain("numbers", "tripled", "burst", "even", "out")
        .build();
  }

  @Test
  void threeStatelessInARow_fusedByDefault_resumed_equalsAnUninterruptedRun() throws Exception {
    cancelResumeCompare(chainOfStateless(), 4_000, DEFAULTS, "tripled");
  }

  @Test
  void threeStatelessInARow_onOneThread_resumed_equalsAnUninterruptedRun() throws Exception {
    cancelResumeCompare(chainOfStateless(), 4_000, b -> b.threads(1), "tripled");
  }

  @Test
  void threeStatelessInARow_onManyThreads_resumed_equalsAnUninterruptedRun() throws Exception {
    cancelResumeCompare(chainOfStateless(), 4_000, b -> b.threads(6), "tripled");
  }

  // --- middleware ----------------------------------------------------------------------------

  /** Attempts per input, reset for each run: a multiple of 5 fails its first attempt, a multiple of 17 every attempt. */
  static final Map<Long, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

  private static void flaky(Long v, Emitter<Long> o) throws IOException {
    int n = ATTEMPTS.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
    o.emit(v * 10 + n); // emitted before failing: a failed attempt must leave nothing behind
    if (v % 17 == 0) {
      throw new IOException("down for " + v);
    }
    if (v % 5 == 0 && n == 1) {
      throw new IOException("hiccup for " + v);
    }
  }

  private static FlowShape retryFlow() {
    return sink -> FlowDefinition.define("attack-retry").bufferSize(64)
        .stage(numbers(N))
        .stage(t("flaky", (StatelessTransform<Long, Long>) StatelessResumeAttackTest::flaky))
        .stage(out(sink))
        .chain("numbers", "flaky", "out")
        .middleware("flaky", MiddlewareEntry.stage(new RetryPolicy(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1), 0.0)))
        .build();
  }

  @Test
  void retriesInThePrefix_resumed_equalsAnUninterruptedRun_withTheAttemptsOfEachDeadLetter() throws Exception {
    ATTEMPTS.clear();
    Path ref = reference(retryFlow(), DEFAULTS);
    ATTEMPTS.clear();
    Path runDir = cancelledAt(retryFlow(), 1_500, DEFAULTS);
    ATTEMPTS.clear();
    FlowResult r = resume(retryFlow(), runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
    reDerived(runDir, "flaky"); // it has middleware: its retries are made again, and counted
    assertThat(completedDetail(runDir, "flaky")).as("the whole run's retries")
        .contains("retries " + r.stage("flaky").retries());
    assertThat(completedDetail(ref, "flaky")).contains("retries " + r.stage("flaky").retries());
    try (RunArchive a = RunArchive.open(runDir, null)) {
      assertThat(a.errors("flaky").deadLetters()).hasSize((int) (N / 17)).allMatch(d -> d.attempts() == 3);
    }
    assertThat(r.stage("flaky").errors()).isEqualTo(N / 17);
  }

  @Test
  void retriesInThePrefix_resumed_countTheWholeRunsRetries() throws Exception {
    ATTEMPTS.clear();
    gate.disarm();
    FlowResult whole = retryFlow().define(gate.sink()).builder().journals(Journals.disk(dir.resolve("reference")))
        .start().await();
    ATTEMPTS.clear();
    Path runDir = cancelledAt(retryFlow(), 1_500, DEFAULTS);
    ATTEMPTS.clear();
    FlowResult r = resume(retryFlow(), runDir, DEFAULTS);
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("flaky").received()).isEqualTo(whole.stage("flaky").received());
    assertThat(r.stage("flaky").retries()).as("docs/resume.md: the resumed FlowResult counts the whole run")
        .isEqualTo(whole.stage("flaky").retries());
  }

  /** Fails for inputs 100..119; the breaker opens and stays open for a minute, answered by the fallback. */
  private static FlowShape breakerFlow(boolean stateless) {
    Transform<Long, Long> h = stateless
        ? (StatelessTransform<Long, Long>) StatelessResumeAttackTest::quote
        : (Transform<Long, Long>) StatelessResumeAttackTest::quote;
    return sink -> FlowDefinition.define("attack-breaker").bufferSize(64)
        .stage(numbers(N))
        .stage(t("quote", h))
        .stage(out(sink))
        .chain("numbers", "quote", "out")
        .middleware("quote", MiddlewareEntry.stage(new CircuitBreakerPolicy(50, 4, 4, Duration.ofMinutes(1), 1,
            Optional.empty(), 100, Optional.of("fallback"), Optional.<Fallback>of((flow, in) -> -(Long) in), OnOpen.DEAD_LETTER)))
        .build();
  }

  private static void quote(Long v, Emitter<Long> o) throws IOException {
    if (v >= 100 && v < 120) {
      throw new IOException("pricing down for " + v);
    }
    o.emit(v);
  }

  @Test
  void aPlainTransformWithAnOpenBreakerInThePrefix_resumed_equalsAnUninterruptedRun() throws Exception {
    FlowResult r = cancelResumeCompare(breakerFlow(false), 1_500, DEFAULTS, null);
    assertThat(r.stage("quote").fallbacks()).isGreaterThan(N - 120);
  }

  @Test
  void aStatelessTransformWithAnOpenBreakerInThePrefix_resumed_equalsAnUninterruptedRun() throws Exception {
    FlowResult r = cancelResumeCompare(breakerFlow(true), 1_500, DEFAULTS, null);
    assertThat(r.stage("quote").fallbacks()).isGreaterThan(N - 120);
  }

  /** Fails 100..103 only, and the breaker half-opens after 1 ms: fallbacks in the prefix, a timing of their own. */
  private static FlowShape fallbackFlow() {
    return sink -> FlowDefinition.define("attack-fallback").bufferSize(64)
        .stage(numbers(N))
        .stage(t("quote", (StatelessTransform<Long, Long>) (v, o) -> {
          if (v >= 100 && v < 104) {
            throw new IOException("pricing down for " + v);
          }
          o.emit(v);
        }))
        .stage(out(sink))
        .chain("numbers", "quote", "out")
        .middleware("quote", MiddlewareEntry.stage(new CircuitBreakerPolicy(100, 4, 4, Duration.ofMillis(1), 1,
            Optional.empty(), 100, Optional.of("fallback"), Optional.<Fallback>of((flow, in) -> -(Long) in), OnOpen.DEAD_LETTER)))
        .build();
  }

  private static List<String> fallbackPayloads(Path runDir) throws Exception {
    try (RunArchive a = RunArchive.open(runDir, null)) {
      return a.data("quote").readAll().stream().filter(dev.weir.flow.JournalRecord::fallback)
          .map(rec -> String.valueOf(rec.payload())).toList();
    }
  }

  @Test
  void aStatelessTransformWithFallbacksInThePrefix_isReDerived_andABreakerOnItsOwnClock_failsTheResumeSayingWhere()
      throws Exception {
    // the breaker half-opens after 1 ms: when its fallbacks come depends on timing, so the prefix is
    // produced again under another timing and differs, which the resume names (docs/resume.md, Limits)
    Path runDir = cancelledAt(fallbackFlow(), 2_000, DEFAULTS);
    assertThat(fallbackPayloads(runDir)).contains("-100", "-101", "-102", "-103");
    FlowResult r = resume(fallbackFlow(), runDir, DEFAULTS);
    if (r.state() == FlowState.COMPLETED) { // the same timing again: then every fallback is counted
      assertThat(r.stage("quote").fallbacks()).isEqualTo(fallbackPayloads(runDir).size());
    } else {
      assertThat(r.failure().orElseThrow().getMessage()).contains("journal quote.data seq ")
          .containsAnyOf("a fallback answered it now, the handler did before",
              "the handler answered it now, a fallback did before");
    }
  }

  // --- error budget ---------------------------------------------------------------------------

  private static FlowShape budgetFlow() {
    return sink -> FlowDefinition.define("attack-budget").bufferSize(64)
        .stage(numbers(N))
        .stage(t("tens", (StatelessTransform<Long, Long>) (v, o) -> {
          if (v % 10 == 0) {
            throw new StageException(ErrorKind.VALIDATION, "multiple of 10: " + v);
          }
          o.emit(v);
        }))
        .stage(out(sink))
        .chain("numbers", "tens", "out")
        .build();
  }

  @Test
  void anErrorBudgetExceeded_resumedWithALargerBudget_equalsAnUninterruptedRunWithIt() throws Exception {
    Consumer<FlowBuilder> large = b -> b.errorBudget("tens", ErrorBudget.maxErrors(10_000));
    Path ref = reference(budgetFlow(), large);
    gate.disarm();
    FlowHandle h = budgetFlow().define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs")))
        .errorBudget("tens", ErrorBudget.maxErrors(100)).start();
    FlowResult failed = h.await();
    assertThat(failed.state()).isEqualTo(FlowState.FAILED);
    assertThat(failed.failure().orElseThrow().getMessage()).contains("stage 'tens' exceeded its error budget: 101 errors");
    Path runDir = h.journals().directory().orElseThrow();
    FlowResult r = resume(budgetFlow(), runDir, large);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
    assertThat(r.stage("tens").errors()).isEqualTo(N / 10);
    assertThat(completedDetail(runDir, "tens")).contains("inputs handed on from the interrupted run's journal");
  }

  @Test
  void anErrorBudgetExceeded_resumedWithTheSameBudget_failsAgainAtTheSameInput() throws Exception {
    gate.disarm();
    FlowHandle h = budgetFlow().define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs")))
        .errorBudget("tens", ErrorBudget.maxErrors(100)).start();
    String first = h.await().failure().orElseThrow().getMessage();
    Path runDir = h.journals().directory().orElseThrow();
    FlowResult r = resume(budgetFlow(), runDir, b -> b.errorBudget("tens", ErrorBudget.maxErrors(100)));
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("stage 'tens' exceeded its error budget: 101 errors")
        .isEqualTo(first);
  }

  // --- feeding a stateful stage and a join ------------------------------------------------------

  private static FlowShape fanOutFlow() {
    return sink -> FlowDefinition.define("attack-fanout").bufferSize(64)
        .stage(numbers(N))
        .stage(StageDefinition.source("rates", ResumeFlows.LONG, f -> Sources.range(10, i -> i)))
        .stage(t("burst", Transforms.flatMap(StatelessResumeAttackTest::burst)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> Aggregations.reduce(() -> 0L, (Long a, Long v) -> a + v).emitting(EmitPolicy.everyN(100).thenReset())))
        .stage(StageDefinition.join("joined", ResumeFlows.LONG, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> Joins.inner((Long r) -> r, (Long v) -> v % 10, (Long r, Long v) -> r * 1_000_000_000L + v)))
        .stage(t("after", Transforms.map((Long v) -> v + 1)))
        .stage(out(sink))
        .stage(StageDefinition.sink("totals", ResumeFlows.LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "burst", "joined", "after", "out")
        .edge(EdgeDefinition.reference("rates", "joined"))
        .chain("burst", "sums", "totals")
        .build();
  }

  @Test
  void aStatelessStageFeedingAStatefulStageAndAJoin_resumed_equalsAnUninterruptedRun() throws Exception {
    cancelResumeCompare(fanOutFlow(), 2_000, DEFAULTS, "burst");
  }

  // --- graceful stop, resuming twice ----------------------------------------------------------

  @Test
  void aGracefulStop_thenResume_equalsAnUninterruptedRun() throws Exception {
    FlowShape shape = chainOfStateless();
    Path ref = reference(shape, DEFAULTS);
    gate.arm(2_000);
    FlowHandle h = shape.define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs"))).start();
    assertThat(gate.reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.GRACEFUL);
    gate.release.countDown();
    FlowResult stopped = h.await();
    assertThat(stopped.state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = h.journals().directory().orElseThrow();
    FlowResult r = resume(shape, runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
    assertThat(Manifest.read(runDir).resumes()).hasSize(1);
  }

  @Test
  void resumedTwice_equalsAnUninterruptedRun() throws Exception {
    FlowShape shape = flatMapFlow();
    Path ref = reference(shape, DEFAULTS);
    Path runDir = cancelledAt(shape, 3_000, DEFAULTS);
    gate.arm(2_000); // the first resume is cancelled too, past its prefix
    FlowHandle h = shape.define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs"))).resumeFrom(runDir)
        .start();
    assertThat(gate.reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.CANCEL);
    gate.release.countDown();
    assertThat(h.await().state()).isEqualTo(FlowState.CANCELLED);
    FlowResult r = resume(shape, runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
    assertThat(Manifest.read(runDir).resumes()).hasSize(2);
    assertThat(r.stage("burst").received()).isEqualTo(N);
  }

  // --- a drain that breaks the promise ---------------------------------------------------------

  /** Counts its inputs in a field and emits the count at the end of its input: both against the promise. */
  static final class CountingDrain implements StatelessTransform<Long, Long> {
    long count;

    @Override
    public void process(Long in, Emitter<Long> out) {
      count++;
      out.emit(in);
    }

    @Override
    public void drain(Emitter<Long> out) {
      out.emit(-count);
    }
  }

  /** Emits a constant at the end of its input: against the promise, but deterministic. */
  static final class ConstantDrain implements StatelessTransform<Long, Long> {
    @Override
    public void process(Long in, Emitter<Long> out) {
      out.emit(in);
    }

    @Override
    public void drain(Emitter<Long> out) {
      out.emit(-1L);
    }
  }

  private static FlowShape drainFlow(java.util.function.Supplier<Transform<Long, Long>> handler) {
    return sink -> FlowDefinition.define("attack-drain").bufferSize(64)
        .stage(numbers(N))
        .stage(StageDefinition.transform("drains", StageKind.TRANSFORM, ResumeFlows.LONG, ResumeFlows.LONG,
            f -> handler.get()))
        .stage(out(sink))
        .chain("numbers", "drains", "out")
        .build();
  }

  @Test
  void aConstantDrain_cancelledAndResumed_equalsAnUninterruptedRun() throws Exception {
    FlowResult r = cancelResumeCompare(drainFlow(ConstantDrain::new), 2_000, DEFAULTS, null);
  }

  @Test
  void aDrainOverride_stoppedGracefully_isRefusedNamingTheStage() throws Exception {
    FlowShape shape = drainFlow(ConstantDrain::new);
    gate.arm(1_000);
    FlowHandle h = shape.define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs"))).start();
    assertThat(gate.reached.await(60, TimeUnit.SECONDS)).isTrue();
    h.stop(StopMode.GRACEFUL);
    gate.release.countDown();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = h.journals().directory().orElseThrow();
    gate.disarm();
    Throwable refused = null;
    FlowResult r = null;
    try {
      r = shape.define(gate.sink()).builder().journals(Journals.disk(dir.resolve("runs"))).resumeFrom(runDir).start()
          .await();
    } catch (RuntimeException e) {
      refused = e;
    }
    String message = refused != null ? refused.getMessage() : r.failure().map(Throwable::getMessage).orElse("");
    assertThat(message).contains("stage 'drains' emitted at the end of its input");
  }

  @Test
  void aCountingDrain_cancelledAndResumed_equalsAnUninterruptedRun() throws Exception {
    // a StatelessTransform that overrides drain is re-derived: its drain sees the whole input
    FlowShape shape = drainFlow(CountingDrain::new);
    Path ref = reference(shape, DEFAULTS);
    Path runDir = cancelledAt(shape, 2_000, DEFAULTS);
    FlowResult r = resume(shape, runDir, DEFAULTS);
    assertThat(r.state()).as(String.valueOf(r.failure())).isEqualTo(FlowState.COMPLETED);
    assertThat(RunComparison.compare(ref, runDir, null).differences()).isEmpty();
    reDerived(runDir, "drains");
  }
}

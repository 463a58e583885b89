package dev.weir.engine;

import static dev.weir.engine.Flows.LONG;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.AsyncTransform;
import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.Joins;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.event.Consumed;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ErrorBudget;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.Journals;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.RunView;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageState;
import dev.weir.flow.StageStatus;
import dev.weir.flow.StopMode;
import dev.weir.journal.RunArchive.JournalCheck;
import dev.weir.journal.RunArchive;
import dev.weir.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on stage fusion ({@code FlowBuilder.threads}): flows that {@link FusionTest} does not cover, each run with a
 * thread per stage ({@code threads(100)}) and with fused stages, which must give the same journals (payloads, parents,
 * seqs), dead letters, counts and states.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FusionAttackTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ElementType STRING_TYPE = ElementType.of(String.class);

  @TempDir Path dir;

  // ---------------------------------------------------------------- helpers

  /** What a run left: its result, every stage journal but time stamps, and each stage's final status. */
  private record Outcome(FlowResult result, List<String> journals, List<String> states, String materialized,
      FlowHandle handle) {}

  private static FlowResult await(FlowHandle h) throws InterruptedException {
    Optional<FlowResult> r = h.await(WAIT);
    if (r.isEmpty()) {
      h.stop(StopMode.CANCEL, "the test's timeout passed");
      throw new AssertionError("the run did not end within " + WAIT + "; status: " + h.status());
    }
    return r.get();
  }

  private static Outcome run(FlowDefinition def, int threads, UnaryOperator<FlowBuilder> config) throws Exception {
    FlowBuilder b = config.apply(def.builder().threads(threads));
    FlowHandle h = b.start();
    FlowResult r = await(h);
    return outcome(def, h, r);
  }

  private static Outcome run(FlowDefinition def, int threads) throws Exception {
    return run(def, threads, b -> b.journals(Journals.memory().keepAll()));
  }

  private static Outcome outcome(FlowDefinition def, FlowHandle h, FlowResult r) {
    List<String> states = new ArrayList<>();
    for (StageStatus s : h.status().stages()) {
      states.add(s.name() + " " + s.state() + " received " + s.received() + " emitted " + s.emitted() + " errors "
          + s.errors());
    }
    return new Outcome(r, journals(def, h.journals()), states, threadsLine(h), h);
  }

  /** Every record of every stage's data, error and order journal, but its time stamp. */
  static List<String> journals(FlowDefinition def, RunView view) {
    List<String> out = new ArrayList<>();
    for (StageDefinition s : def.stages()) {
      String stage = s.name();
      for (JournalRecord r : view.data(stage).readAll()) {
        out.add(line(stage + ".data", r));
      }
      for (JournalRecord r : view.errors(stage).readAll()) {
        out.add(line(stage + ".errors", r));
      }
      Optional<? extends JournalView> order = view.order(stage);
      if (order.isPresent()) {
        // how many a stage reads of an input per poll is timing: consecutive runs of one input are merged
        int input = Integer.MIN_VALUE;
        long count = 0;
        for (JournalRecord r : order.get().readAll()) {
          if (r.payload() instanceof Consumed c && !c.isTimer() && c.input() == input) {
            count += c.count();
            continue;
          }
          if (count > 0) {
            out.add(stage + ".order input " + input + " count " + count);
          }
          input = Integer.MIN_VALUE;
          count = 0;
          if (r.payload() instanceof Consumed c && !c.isTimer()) {
            input = c.input();
            count = c.count();
          } else if (r.kind() == dev.weir.flow.RecordKind.END_OF_STREAM) {
            out.add(stage + ".order " + r.kind()); // its count and checksum are of the runs, which are timing
          } else {
            out.add(stage + ".order " + r.kind() + " " + r.payload());
          }
        }
        if (count > 0) {
          out.add(stage + ".order input " + input + " count " + count);
        }
      }
    }
    return out;
  }

  private static String line(String journal, JournalRecord r) {
    return journal + " " + r.seq() + " " + r.kind() + " " + r.parent() + " " + r.joined() + " " + r.correlationId() + " "
        + r.depth() + " " + r.fallback() + " " + r.payload();
  }

  static String threadsLine(FlowHandle h) {
    for (JournalRecord rec : h.journals().system().readAll()) {
      String line = rec.payload().toString();
      if (line.contains("MATERIALIZED")) {
        return line;
      }
    }
    throw new AssertionError("no MATERIALIZED event in the system journal");
  }

  /** Asserts that a fused run left exactly what a run with a thread per stage left. */
  private static void assertSame(Outcome fused, Outcome reference, String what) {
    assertThat(fused.result().state()).as(what + ": state; " + fused.result()).isEqualTo(reference.result().state());
    assertThat(fused.result().failure().map(Throwable::getMessage))
        .as(what + ": failure").isEqualTo(reference.result().failure().map(Throwable::getMessage));
    assertThat(fused.result().stages()).as(what + ": stage results").isEqualTo(reference.result().stages());
    assertThat(fused.states()).as(what + ": stage states").isEqualTo(reference.states());
    String diff = firstDifference(fused.journals(), reference.journals());
    assertThat(diff).as(what + ": journals (" + fused.materialized() + ")").isNull();
  }

  /** Where two record lists first differ, with a few records of each from there; null when they are equal. */
  static String firstDifference(List<String> got, List<String> expected) {
    int n = Math.min(got.size(), expected.size());
    int at = 0;
    while (at < n && got.get(at).equals(expected.get(at))) {
      at++;
    }
    if (at == n && got.size() == expected.size()) {
      return null;
    }
    return "first difference at record " + at + " of " + got.size() + " (expected " + expected.size() + "):\n  got      "
        + got.subList(at, Math.min(got.size(), at + 4)) + "\n  expected " + expected.subList(at, Math.min(expected.size(),
        at + 4));
  }

  private static Transform<Long, Long> plus(long n) {
    return Transforms.map((Long x) -> x + n);
  }

  // ---------------------------------------------------------------- bugs

  /**
   * A host whose handler turns anything its emit throws into a {@link StageException} (a common way to write
   * "could not produce an output") must not dead-letter a valid input because its fused downstream failed: on a
   * thread of its own the host only ever sees a halt from its emit once it is itself halted, and a halted stage
   * writes no dead letter.
   */
  @Test
  void aFusedStageFailing_doesNotMakeItsHostDeadLetterAValidInput() throws Exception {
    Transform<Long, Long> careful = (x, out) -> {
      try {
        out.emit(x * 2); // two outputs for each input: more than the ring holds in each batch
        out.emit(x * 2 + 1);
      } catch (RuntimeException e) {
        throw new StageException(ErrorKind.VALIDATION, "could not emit for " + x + ": " + e);
      }
    };
    Transform<Long, Long> breaks = (x, out) -> {
      if (x == 4_000) {
        throw new AssertionError("broken at " + x);
      }
      out.emit(x);
    };
    Supplier<FlowDefinition> def = () -> flow("carefulhost")
        .bufferSize(16) // the host's ring fills in the middle of its batch: its emit runs the fused stage
        .stage(source("numbers", Sources.range(10_000, i -> i)))
        .stage(transform("careful", careful))
        .stage(transform("breaks", breaks))
        .stage(sink("out", x -> {}))
        .chain("numbers", "careful", "breaks", "out")
        .build();
    for (int threads : new int[] {100, 100, 100, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}) { // fused, it shows 8 runs in 10
      Outcome o = run(def.get(), threads);
      String seen = o.materialized() + "\n" + o.result() + "\n" + o.states() + "\n"
          + o.handle().journals().errors("careful").deadLetters().stream().limit(3).toList();
      assertThat(o.result().state()).as("threads(%d): %s", threads, seen).isEqualTo(FlowState.FAILED);
      assertThat(o.result().failure().orElseThrow().getMessage()).as("threads(%d): %s", threads, seen)
          .contains("stage 'breaks'").contains("broken at 4000");
      assertThat(o.handle().journals().errors("careful").deadLetters())
          .as("threads(%d): dead letters of the host 'careful' (%s)", threads, o.materialized()).isEmpty();
      assertThat(o.result().stage("careful").errors()).as("threads(%d)", threads).isZero();
    }
  }

  /**
   * A host that exceeds its error budget fails the flow naming itself and its budget. Its budget check flushes its
   * journals first; on a shared thread that flush runs the fused stage, whose own failure must not take the host's
   * place (on threads of their own, the fused stage has not even read the host's last batch when the host fails).
   */
  @Test
  void aHostExceedingItsErrorBudget_failsTheFlowNamingTheHost_notItsFusedReader() throws Exception {
    Supplier<Source<Long>> rejecting = () -> new Source<>() {
      private long n;

      @Override
      public boolean next(Emitter<Long> out) {
        n++;
        out.emit(n);
        if (n == 5) {
          out.reject("row " + n, ErrorKind.VALIDATION, "row 5 is malformed");
        }
        return n < 1_000;
      }
    };
    Transform<Long, Long> picky = (x, out) -> {
      if (x == 5) {
        throw new AssertionError("picky broke on " + x);
      }
      out.emit(x);
    };
    Supplier<FlowDefinition> def = () -> flow("budgethost")
        .stage(source("rows", rejecting.get()))
        .stage(transform("picky", picky))
        .stage(sink("out", x -> {}))
        .chain("rows", "picky", "out")
        .build();
    // the reference: a thread per stage (run a few times: the host's failure is first every time)
    for (int threads : new int[] {100, 100, 100, 1}) {
      FlowHandle h = def.get().builder().threads(threads).journals(Journals.memory().keepAll())
          .errorBudget("rows", ErrorBudget.maxErrors(0)).start();
      FlowResult r = await(h);
      assertThat(r.state()).isEqualTo(FlowState.FAILED);
      assertThat(r.failure().orElseThrow().getMessage()).as("threads(%d): %s", threads, threadsLine(h))
          .startsWith("stage 'rows' exceeded its error budget: 1 error, budget 0");
    }
  }

  /**
   * A fused stage whose drain fails when its host's end of stream reaches it: the host had completed (its end of
   * stream is journaled and flushed) and must be reported COMPLETED, with its STAGE_COMPLETED event, as on a thread
   * of its own.
   */
  @Test
  void aFusedStageFailingAtItsHostsEnd_leavesTheHostCompleted() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("failsatend")
        .stage(source("numbers", Sources.range(1_000, i -> i)))
        .stage(transform("inc", plus(1)))
        .stage(transform("total", new Transform<Long, Long>() {
          @Override
          public void process(Long x, Emitter<Long> out) {
            out.emit(x);
          }

          @Override
          public void drain(Emitter<Long> out) {
            throw new IllegalStateException("no total at the end");
          }
        }))
        .stage(sink("out", x -> {}))
        .chain("numbers", "inc", "total", "out")
        .build();
    for (int threads : new int[] {100, 1, 2}) {
      Outcome o = run(def.get(), threads);
      assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
      assertThat(o.result().failure().orElseThrow().getMessage()).contains("drain of stage 'total' failed");
      assertThat(o.states().subList(0, 3)).as("threads(%d): %s", threads, o.materialized()).containsExactly(
          "numbers COMPLETED received 0 emitted 1000 errors 0", "inc COMPLETED received 1000 emitted 1000 errors 0",
          "total FAILED received 1000 emitted 1000 errors 0");
      List<String> completed = new ArrayList<>();
      for (JournalRecord rec : o.handle().journals().system().readAll()) {
        String line = rec.payload().toString();
        if (line.contains("STAGE_COMPLETED")) {
          completed.add(line.substring(0, line.indexOf(':')));
        }
      }
      assertThat(completed).as("threads(%d)", threads)
          .containsExactly("STAGE_COMPLETED numbers", "STAGE_COMPLETED inc");
    }
  }

  /**
   * A fused handler that ignores interrupts lingers after a cancel; only that stage is named lingering, as on a
   * thread of its own, not its host and the other stages that share its thread.
   */
  @Test
  void aStuckFusedHandler_isTheOnlyLingeringStage() throws Exception {
    for (int threads : new int[] {100, 1}) {
      AtomicBoolean release = new AtomicBoolean();
      CountDownLatch entered = new CountDownLatch(1);
      FlowHandle h = flow("stuckfused")
          .stage(source("ticks", Sources.infinite(i -> i)))
          .stage(transform("inc", plus(1)))
          .stage(transform("stubborn", (Long x, Emitter<Long> out) -> {
            entered.countDown();
            while (!release.get()) {
              try {
                Thread.sleep(20);
              } catch (InterruptedException ignored) {
                // ignores interrupts on purpose
              }
            }
            out.emit(x);
          }))
          .stage(sink("out", x -> {}))
          .chain("ticks", "inc", "stubborn", "out")
          .build().builder().threads(threads).start();
      try {
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        h.stop(StopMode.CANCEL);
        FlowResult r = await(h);
        assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
        assertThat(r.lingeringStages()).as("threads(%d): %s", threads, threadsLine(h)).containsExactly("stubborn");
      } finally {
        release.set(true);
      }
    }
  }

  // ---------------------------------------------------------------- the same journals, fused or not

  /** A stateful host that emits every 100 inputs and at its end, then a fused chain. */
  @Test
  void aFusedChainAfterAStatefulHost_writesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("statefulhost")
        .bufferSize(16)
        .stage(source("numbers", Sources.range(20_000, i -> i)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
            f -> StatefulStageTest.sum(EmitPolicy.everyN(100).thenKeep())))
        .stage(transform("inc", plus(1)))
        .stage(transform("odd", (Long x, Emitter<Long> out) -> {
          if (x % 3 == 0) {
            throw new StageException(ErrorKind.VALIDATION, "multiple of 3: " + x);
          }
          out.emit(x);
          out.emit(-x);
        }))
        .stage(sink("out", x -> {}))
        .chain("numbers", "sums", "inc", "odd", "out")
        .build();
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(reference.result().stage("sums").emitted()).isEqualTo(201);
    for (int threads : new int[] {1, 2, 3}) {
      Outcome fused = run(def.get(), threads);
      assertThat(fused.materialized()).doesNotContain("5 stages on 5 threads");
      assertSame(fused, reference, "threads(" + threads + ")");
    }
  }

  /** An async host (results in input order, some calls failing), then a fused chain. */
  @Test
  void aFusedChainAfterAnAsyncHost_writesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> {
      AsyncTransform<Long, Long> remote = new AsyncTransform<>() {
        @Override
        public CompletableFuture<Long> apply(Long x) {
          return CompletableFuture.supplyAsync(() -> {
            if (x % 13 == 0) {
              throw new java.util.concurrent.CompletionException(new StageException(ErrorKind.REMOTE, "remote refused " + x));
            }
            return x * 10;
          });
        }

        @Override
        public int maxInFlight() {
          return 8;
        }
      };
      return flow("asynchost")
          .bufferSize(8)
          .stage(source("numbers", Sources.range(3_000, i -> i)))
          .stage(StageDefinition.transform("remote", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> remote))
          .stage(transform("inc", plus(1)))
          .stage(transform("dup", Transforms.flatMap((Long x) -> List.of(x, x + 1))))
          .stage(sink("out", x -> {}))
          .chain("numbers", "remote", "inc", "dup", "out")
          .build();
    };
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(reference.result().stage("remote").errors()).isEqualTo(3_000 / 13 + 1);
    for (int threads : new int[] {1, 2}) {
      assertSame(run(def.get(), threads), reference, "threads(" + threads + ")");
    }
  }

  /** A join host (a finite reference, a keyed stream), then a fused chain. */
  @Test
  void aFusedChainAfterAJoinHost_writesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("joinhost")
        .bufferSize(16)
        .stage(StageDefinition.source("names", STRING_TYPE, f -> Sources.range(50, i -> i + "=name" + i)))
        .stage(source("numbers", Sources.range(5_000, i -> i)))
        .stage(StageDefinition.join("named", STRING_TYPE, LONG, STRING_TYPE, f -> Joins.inner(
            (String ref) -> Long.parseLong(ref.substring(0, ref.indexOf('='))), (Long x) -> x % 60,
            (String ref, Long x) -> ref + ":" + x)))
        .stage(StageDefinition.transform("upper", StageKind.TRANSFORM, STRING_TYPE, STRING_TYPE,
            f -> Transforms.map((String s) -> s.toUpperCase())))
        .stage(StageDefinition.transform("short", StageKind.TRANSFORM, STRING_TYPE, STRING_TYPE,
            f -> Transforms.filter((String s) -> s.length() < 14)))
        .stage(StageDefinition.sink("out", STRING_TYPE, f -> (dev.weir.api.Sink<String>) s -> {}))
        .edge(EdgeDefinition.reference("names", "named"))
        .edge(EdgeDefinition.forward("numbers", "named"))
        .chain("named", "upper", "short", "out")
        .build();
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().state()).as(reference.result().toString()).isEqualTo(FlowState.COMPLETED);
    for (int threads : new int[] {1, 2}) {
      Outcome fused = run(def.get(), threads);
      assertThat(fused.materialized()).doesNotContain("6 stages on 6 threads");
      assertSame(fused, reference, "threads(" + threads + ")");
    }
  }

  /** A source paced by a rate limit and retried on transient failures, then a fused chain. */
  @Test
  void aFusedChainAfterASourceWithMiddleware_writesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> {
      Source<Long> flaky = new Source<>() {
        private long n;
        private final Set<Long> failedOnce = new HashSet<>();

        @Override
        public boolean next(Emitter<Long> out) throws StageException {
          for (int i = 0; i < 10; i++) {
            out.emit(n + i);
          }
          if (n % 100 == 0 && failedOnce.add(n)) {
            throw new StageException(ErrorKind.REMOTE, "flaky at " + n);
          }
          n += 10;
          return n < 2_000;
        }
      };
      return flow("middlewarehost")
          .bufferSize(16)
          .stage(source("numbers", flaky))
          .stage(transform("inc", plus(1)))
          .stage(transform("twice", Transforms.flatMap((Long x) -> List.of(x, x))))
          .stage(sink("out", x -> {}))
          .chain("numbers", "inc", "twice", "out")
          .middleware("numbers", MiddlewareEntry.stage(new RateLimitPolicy(20_000, 100)),
              MiddlewareEntry.stage(new RetryPolicy(3, Duration.ofMillis(1), 1.0, Duration.ofMillis(1), 0.0)))
          .build();
    };
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().state()).as(reference.result().toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(reference.result().stage("numbers").emitted()).isEqualTo(2_000);
    for (int threads : new int[] {1, 2}) {
      Outcome fused = run(def.get(), threads);
      assertThat(fused.materialized()).contains(threads == 1 ? "4 stages on 1 thread," : "4 stages on 2 threads");
      assertSame(fused, reference, "threads(" + threads + ")");
    }
  }

  /** Two fused chains merging into one stage (its input order is timing: compared as sets), then a sink. */
  @Test
  void fusedChainsFeedingAFanIn_deliverTheSameEvents() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("fanin")
        .bufferSize(8)
        .stage(source("left", Sources.range(5_000, i -> i)))
        .stage(transform("l1", plus(1)))
        .stage(transform("l2", Transforms.filter((Long x) -> x % 4 != 0)))
        .stage(source("right", Sources.range(5_000, i -> -i - 1)))
        .stage(transform("r1", plus(-1)))
        .stage(transform("merge", Transforms.map((Long x) -> x)))
        .stage(sink("out", x -> {}))
        .chain("left", "l1", "l2", "merge")
        .chain("right", "r1", "merge", "out")
        .build();
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().state()).isEqualTo(FlowState.COMPLETED);
    for (int threads : new int[] {1, 2}) {
      Outcome fused = run(def.get(), threads);
      assertThat(fused.result().state()).isEqualTo(FlowState.COMPLETED);
      assertThat(fused.result().stages()).isEqualTo(reference.result().stages());
      assertThat(fused.states()).isEqualTo(reference.states());
      for (String stage : List.of("left", "l1", "l2", "right", "r1")) {
        assertThat(stageLines(fused, stage)).as("threads(%d) %s", threads, stage).isEqualTo(stageLines(reference, stage));
      }
      assertThat(new HashSet<>(fused.handle().journals().data("merge").events()))
          .isEqualTo(new HashSet<>(reference.handle().journals().data("merge").events()));
    }
  }

  private static List<String> stageLines(Outcome o, String stage) {
    return o.journals().stream().filter(l -> l.startsWith(stage + ".")).toList();
  }

  /** A fused stage dead-letters every input: its error budget is exceeded and the flow fails naming it. */
  @Test
  void aFusedStageFailingEveryInput_exceedsItsBudget_andTheFlowFailsNamingIt() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("alwaysfails")
        .stage(source("numbers", Sources.range(10_000, i -> i)))
        .stage(transform("inc", plus(1)))
        .stage(transform("refuses", (Long x, Emitter<Long> out) -> {
          throw new StageException(ErrorKind.VALIDATION, "refused " + x);
        }))
        .stage(sink("out", x -> {}))
        .chain("numbers", "inc", "refuses", "out")
        .build();
    for (int threads : new int[] {100, 1, 2}) {
      FlowHandle h = def.get().builder().threads(threads).journals(Journals.memory().keepAll())
          .errorBudget(ErrorBudget.maxErrors(25)).start();
      FlowResult r = await(h);
      assertThat(r.state()).isEqualTo(FlowState.FAILED);
      assertThat(r.failure().orElseThrow().getMessage()).as("threads(%d)", threads)
          .isEqualTo("stage 'refuses' exceeded its error budget: 26 errors, budget 25; first: VALIDATION on inc#1:"
              + " refused 1");
      assertThat(h.journals().errors("refuses").deadLetters()).hasSize(26);
      assertThat(h.status().stage("refuses").orElseThrow().state()).isEqualTo(StageState.FAILED);
      assertThat(r.lingeringStages()).isEmpty();
    }
  }

  /** A fused handler that emits from a thread of its own is refused, and the flow fails naming it. */
  @Test
  void aFusedHandlerEmittingFromAnotherThread_isRefused() throws Exception {
    for (int threads : new int[] {100, 1}) {
      AtomicReference<Throwable> refused = new AtomicReference<>();
      FlowHandle h = flow("foreignemit")
          .stage(source("numbers", Sources.range(1_000, i -> i)))
          .stage(transform("inc", plus(1)))
          .stage(transform("elsewhere", (Long x, Emitter<Long> out) -> {
            if (x == 500) {
              Thread t = new Thread(() -> {
                try {
                  out.emit(x);
                } catch (Throwable e) {
                  refused.set(e);
                }
              }, "not-a-stage-thread");
              t.start();
              t.join();
            }
            out.emit(x);
          }))
          .stage(sink("out", x -> {}))
          .chain("numbers", "inc", "elsewhere", "out")
          .build().builder().threads(threads).start();
      FlowResult r = await(h);
      assertThat(r.state()).isEqualTo(FlowState.FAILED);
      assertThat(refused.get()).isInstanceOf(IllegalStateException.class);
      assertThat(r.failure().orElseThrow().getMessage()).as("threads(%d)", threads)
          .startsWith("stage 'elsewhere': emit was called from thread 'not-a-stage-thread', not the stage's own thread");
      assertThat(h.status().stage("elsewhere").orElseThrow().state()).isEqualTo(StageState.FAILED);
    }
  }

  /** A graceful stop of an endless source: every stage, fused or not, completes with everything delivered. */
  @Test
  void aGracefulStopOfAnEndlessFusedRun_completesEveryStage_andDeliversEverything() throws Exception {
    for (int threads : new int[] {100, 1, 2}) {
      AtomicLong delivered = new AtomicLong();
      FlowHandle h = flow("endless")
          .bufferSize(32)
          .stage(source("ticks", Sources.infinite(i -> i)))
          .stage(transform("a", plus(1)))
          .stage(transform("b", Transforms.filter((Long x) -> x % 2 == 0)))
          .stage(transform("c", plus(1)))
          .stage(sink("out", x -> delivered.incrementAndGet()))
          .chain("ticks", "a", "b", "c", "out")
          .build().builder().threads(threads).journals(Journals.memory().keepAll()).start();
      Await.until("10000 deliveries", () -> delivered.get() >= 10_000);
      h.stop(StopMode.GRACEFUL, "enough");
      FlowResult r = await(h);
      assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
      long ticks = r.stage("ticks").emitted();
      assertThat(r.stage("a").received()).isEqualTo(ticks);
      assertThat(r.stage("b").received()).isEqualTo(ticks);
      assertThat(r.stage("c").received()).isEqualTo(r.stage("b").emitted());
      assertThat(r.stage("out").received()).isEqualTo(r.stage("c").emitted()).isEqualTo(delivered.get());
      assertThat(r.stage("b").emitted()).isEqualTo((ticks + 1) / 2);
      for (StageStatus s : h.status().stages()) {
        assertThat(s.state()).as("threads(%d) %s", threads, s.name()).isEqualTo(StageState.COMPLETED);
      }
      assertThat(h.journals().data("c").endOfStream()).isPresent();
    }
  }

  /** Cancelling while every ring of a fused chain is full (2- and 4-slot rings, a sink that waits). */
  @Test
  void cancellingWhileFusedStagesWaitOnFullTinyRings_endsAtOnce() throws Exception {
    for (int size : new int[] {2, 4}) {
      CountDownLatch received = new CountDownLatch(50);
      CountDownLatch never = new CountDownLatch(1);
      FlowHandle h = flow("tiny")
          .bufferSize(size)
          .stage(source("numbers", Sources.infinite(i -> i)))
          .stage(transform("a", plus(1)))
          .stage(transform("b", plus(1)))
          .stage(transform("c", plus(1)))
          .stage(sink("slow", x -> {
            received.countDown();
            if (received.getCount() == 0) {
              never.await(); // blocks until the cancel interrupts it
            }
          }))
          .chain("numbers", "a", "b", "c", "slow")
          .build().builder().threads(1).start();
      assertThat(received.await(30, TimeUnit.SECONDS)).isTrue();
      h.stop(StopMode.CANCEL, "test");
      FlowResult r = await(h);
      assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
      assertThat(r.lingeringStages()).isEmpty();
      assertThat(r.stage("c").received()).isLessThanOrEqualTo(r.stage("b").emitted());
      assertThat(r.stage("b").received()).isLessThanOrEqualTo(r.stage("a").emitted());
      assertThat(r.stage("a").received()).isLessThanOrEqualTo(r.stage("numbers").emitted());
    }
  }

  /** 2- and 4-slot rings on a finite run: the same journals as a thread per stage. */
  @Test
  void tinyRings_fusedRun_writesTheSameJournals() throws Exception {
    for (int size : new int[] {2, 4}) {
      Supplier<FlowDefinition> def = () -> flow("tinyfinite")
          .bufferSize(size)
          .stage(source("numbers", Sources.range(3_000, i -> i)))
          .stage(transform("a", Transforms.flatMap((Long x) -> x % 3 == 0 ? List.of() : List.of(x, x, x))))
          .stage(transform("b", (Long x, Emitter<Long> out) -> {
            if (x % 7 == 0) {
              throw new StageException(ErrorKind.VALIDATION, "seven " + x);
            }
            out.emit(x);
          }))
          .stage(transform("c", plus(1)))
          .stage(sink("out", x -> {}))
          .chain("numbers", "a", "b", "c", "out")
          .build();
      Outcome reference = run(def.get(), 100);
      for (int threads : new int[] {1, 2}) {
        assertSame(run(def.get(), threads), reference, "bufferSize(" + size + ") threads(" + threads + ")");
      }
    }
  }

  /** A fused transform that emits at its end of input (more than its ring holds), read by another fused one. */
  @Test
  void aFusedDrainEmittingAtEndOfInput_writesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("draining")
        .bufferSize(16)
        .stage(source("numbers", Sources.range(1_000, i -> i)))
        .stage(transform("batcher", new Transform<Long, Long>() {
          private final List<Long> held = new ArrayList<>();

          @Override
          public void process(Long x, Emitter<Long> out) {
            held.add(x);
            if (held.size() == 300) {
              held.forEach(out::emit);
              held.clear();
            }
          }

          @Override
          public void drain(Emitter<Long> out) {
            held.forEach(out::emit); // 100 left, then 200 more: past the 16-slot ring
            for (long i = 0; i < 200; i++) {
              out.emit(-i);
            }
          }
        }))
        .stage(transform("inc", plus(1)))
        .stage(sink("out", x -> {}))
        .chain("numbers", "batcher", "inc", "out")
        .build();
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().stage("out").received()).isEqualTo(1_200);
    for (int threads : new int[] {1, 2}) {
      assertSame(run(def.get(), threads), reference, "threads(" + threads + ")");
    }
  }

  /** A 100-stage chain starts and completes on 1, 2 and the default number of threads, with the same journals. */
  @Test
  void aHundredStageChain_completesOnFewThreads_withTheSameJournals() throws Exception {
    Function<Integer, FlowDefinition> def = stages -> {
      FlowDefinition.Draft d = flow("long" + stages).bufferSize(64).stage(source("s0", Sources.range(2_000, i -> i)));
      String[] names = new String[stages];
      names[0] = "s0";
      for (int i = 1; i < stages - 1; i++) {
        names[i] = "s" + i;
        d.stage(transform(names[i], plus(1)));
      }
      names[stages - 1] = "out";
      d.stage(sink("out", x -> {}));
      return d.chain(names).build();
    };
    Outcome reference = run(def.apply(100), 100);
    assertThat(reference.materialized()).contains("100 stages on 100 threads");
    for (int threads : new int[] {1, 2, 0}) {
      Outcome fused = run(def.apply(100), threads);
      assertThat(fused.result().stage("out").received()).isEqualTo(2_000);
      assertSame(fused, reference, "threads(" + threads + ")");
    }
  }

  /**
   * A 2,000-stage chain asked to run on one thread: each fused stage's turn runs inside its host's flush, so a
   * thread runs at most 64 stages (deeper nesting overflowed the stack): 32 threads, and it completes.
   */
  @Test
  void aTwoThousandStageChainOnOneThread_runsAtMost64StagesToAThread_andCompletes() throws Exception {
    int stages = 2_000;
    FlowDefinition.Draft d = flow("verylong").bufferSize(4).stage(source("s0", Sources.range(100, i -> i)));
    String[] names = new String[stages];
    names[0] = "s0";
    for (int i = 1; i < stages - 1; i++) {
      names[i] = "s" + i;
      d.stage(transform(names[i], plus(1)));
    }
    names[stages - 1] = "out";
    List<Long> got = Collections.synchronizedList(new ArrayList<>());
    d.stage(sink("out", got::add));
    FlowHandle h = d.chain(names).build().builder().threads(1).journals(Journals.memory()).start();
    FlowResult r = await(h);
    assertThat(r.state()).as(r.failure().map(Throwable::toString).orElse("")).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(100).startsWith((long) stages - 2);
    assertThat(threadsLine(h)).contains("2000 stages on 32 threads");
  }

  /** Disk journals, synced per batch and on an interval: the same journals as memory, and a clean verify. */
  @Test
  void diskJournals_batchAndInterval_fusedRun_writeTheSameJournals_andVerify() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("ondisk")
        .bufferSize(32)
        .stage(source("numbers", Sources.range(5_000, i -> i)))
        .stage(transform("a", Transforms.flatMap((Long x) -> x % 5 == 0 ? List.of(x, -x) : List.of(x))))
        .stage(transform("b", (Long x, Emitter<Long> out) -> {
          if (x % 11 == 0) {
            throw new StageException(ErrorKind.VALIDATION, "eleven " + x);
          }
          out.emit(x);
        }))
        .stage(sink("out", x -> {}))
        .chain("numbers", "a", "b", "out")
        .build();
    Outcome reference = run(def.get(), 100);
    int n = 0;
    for (Durability durability : List.of(Durability.batch(), Durability.interval(Duration.ofMillis(5)))) {
      for (int threads : new int[] {1, 2}) {
        Path runs = dir.resolve("runs" + n++);
        Outcome fused = run(def.get(), threads, b -> b.journals(Journals.disk(runs).durability(durability)));
        assertSame(fused, reference, durability + " threads(" + threads + ")");
        Path runDir = fused.handle().journals().directory().orElseThrow();
        for (JournalCheck check : RunArchive.verify(runDir, null)) {
          assertThat(check.ok()).as("%s %s: %s", durability, threads, check).isTrue();
        }
      }
    }
  }

  /** A fused run replayed (fused and not): the same journals as the original. */
  @Test
  void aReplayOfAFusedRun_writesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("replayed")
        .bufferSize(16)
        .stage(source("numbers", Sources.range(4_000, i -> i)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
            f -> StatefulStageTest.sum(EmitPolicy.everyN(7).thenReset())))
        .stage(transform("a", plus(1)))
        .stage(transform("b", (Long x, Emitter<Long> out) -> {
          if (x % 3 == 0) {
            throw new StageException(ErrorKind.VALIDATION, "three " + x);
          }
          out.emit(x);
        }))
        .stage(sink("out", x -> {}))
        .chain("numbers", "sums", "a", "b", "out")
        .build();
    Outcome original = run(def.get(), 1, b -> b.journals(Journals.disk(dir.resolve("original"))));
    assertThat(original.result().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = original.handle().journals().directory().orElseThrow();
    int n = 0;
    for (int threads : new int[] {1, 100, 2}) {
      Path replays = dir.resolve("replay" + n++);
      Outcome replay = run(def.get(), threads, b -> b.journals(Journals.disk(replays)).replayFrom(runDir));
      assertSame(replay, original, "replay on threads(" + threads + ")");
    }
  }

  /** Fused chains before a cycle's entry and after its exit: the same events, counts and dead letters. */
  @Test
  void fusedChainsAroundACycle_deliverTheSameEvents() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("aroundcycle")
        .maxIterations(5)
        .bufferSize(8)
        .stage(source("numbers", Sources.range(500, i -> i * 100)))
        .stage(transform("pre1", plus(1)))
        .stage(transform("pre2", plus(1)))
        .stage(transform("entry", Transforms.map((Long x) -> x)))
        .stage(transform("again", plus(1)))
        .stage(transform("post1", plus(1_000_000)))
        .stage(transform("post2", Transforms.filter((Long x) -> x % 2 == 0)))
        .stage(sink("out", x -> {}))
        .chain("numbers", "pre1", "pre2", "entry", "again", "post1", "post2", "out")
        .edge(EdgeDefinition.backflow("again", "entry"))
        .build();
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().state()).as(reference.result().toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(reference.result().stage("entry").errors()).isEqualTo(500);
    for (int threads : new int[] {1, 2}) {
      Outcome fused = run(def.get(), threads);
      assertThat(fused.materialized()).doesNotContain("8 stages on 8 threads");
      assertThat(fused.result().state()).isEqualTo(FlowState.COMPLETED);
      assertThat(fused.result().stages()).isEqualTo(reference.result().stages());
      assertThat(fused.states()).isEqualTo(reference.states());
      for (String stage : List.of("numbers", "pre1", "pre2")) {
        assertThat(stageLines(fused, stage)).as("threads(%d) %s", threads, stage).isEqualTo(stageLines(reference, stage));
      }
      for (String stage : List.of("entry", "again", "post1", "post2")) {
        assertThat(fused.handle().journals().data(stage).events()).as("threads(%d) %s", threads, stage)
            .containsExactlyInAnyOrderElementsOf(reference.handle().journals().data(stage).events());
      }
      assertThat(fused.handle().journals().errors("entry").deadLetters())
          .containsExactlyInAnyOrderElementsOf(reference.handle().journals().errors("entry").deadLetters());
    }
  }

  /** The per-stage lines of a summary the command line printed: name, kind and counts. */
  private static List<String> summaryLines(String out) {
    return out.lines().filter(l -> l.matches("\\s*!?\\s*\\w+\\s+(source|transform|sink)\\s+\\d+\\s+\\d+\\s+\\d+.*"))
        .map(l -> l.trim().replaceAll("\\s+", " ")).toList();
  }

  private record Cli(int code, String out, String err) {}

  private static Cli cli(FlowDefinition def, int threads, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = dev.weir.app.FlowApplication.execute(def, b -> b.threads(threads), "java -jar cli.jar",
        new java.io.PrintWriter(out), new java.io.PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The command line on fused stages: the same exit code and summary, and a replay that verifies. */
  @Test
  void theCommandLine_onFusedStages_printsTheSameSummary_andItsReplayVerifies() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("cli")
        .stage(source("numbers", Sources.range(3_000, i -> i)))
        .stage(transform("checked", (Long x, Emitter<Long> out) -> {
          if (x % 7 == 0) {
            throw new StageException(ErrorKind.VALIDATION, "seven " + x);
          }
          out.emit(x);
        }))
        .stage(transform("inc", plus(1)))
        .stage(sink("out", x -> {}))
        .chain("numbers", "checked", "inc", "out")
        .build();
    Cli reference = cli(def.get(), 100, "--journal-dir", dir.resolve("ref").toString(), "--durability", "batch");
    assertThat(reference.code()).as(reference.out() + reference.err()).isEqualTo(3);
    assertThat(summaryLines(reference.out())).hasSize(4);
    Cli fused = cli(def.get(), 1, "--journal-dir", dir.resolve("fused").toString(), "--durability", "batch");
    assertThat(fused.code()).as(fused.out() + fused.err()).isEqualTo(3);
    assertThat(summaryLines(fused.out())).isEqualTo(summaryLines(reference.out()));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("--replay-from (\\S+) --verify").matcher(fused.out());
    assertThat(m.find()).as("replay command in:%n%s", fused.out()).isTrue();
    Path runDir = Path.of(m.group(1));
    for (int threads : new int[] {1, 100}) {
      Cli replay = cli(def.get(), threads, "--journal-dir", dir.resolve("replay" + threads).toString(), "--replay-from",
          runDir.toString(), "--verify");
      assertThat(replay.code()).as("replay on threads(%d): %s%s", threads, replay.out(), replay.err()).isEqualTo(3);
      assertThat(replay.out()).as("threads(%d)", threads).containsIgnoringCase("verif");
      assertThat(summaryLines(replay.out())).isEqualTo(summaryLines(reference.out()));
    }
  }

  private static EngineOptions withFaults(FaultInjector faults, int threads) {
    return new EngineOptions(Journals.memory().keepAll(), false, Duration.ofSeconds(10), faults, null, false, null,
        dev.weir.flow.WaitMode.PARK, dev.weir.event.CodecRegistry.defaults(), dev.weir.flow.ReplaySinks.RUN,
        ErrorBudget.unlimited(), java.util.Map.of(), dev.weir.flow.FlowSettings.empty(), null, threads);
  }

  /** Faults on the ring between a host and its fused reader: the reader's contract catches each, as unfused. */
  @Test
  void aBrokenEdgeIntoAFusedStage_failsItsContract_asOnAThreadOfItsOwn() throws Exception {
    List<FaultInjector> faults = List.of(
        new FaultInjector() {
          @Override
          public boolean drop(String stage, long seq) {
            return stage.equals("a") && seq == 300;
          }
        },
        new FaultInjector() {
          @Override
          public boolean duplicate(String stage, long seq) {
            return stage.equals("a") && seq == 300;
          }
        },
        new FaultInjector() {
          @Override
          public boolean corrupt(String stage, long seq) {
            return stage.equals("a") && seq == 300;
          }
        },
        new FaultInjector() {
          @Override
          public boolean swapWithNext(String stage, long seq) {
            return stage.equals("a") && seq == 300;
          }
        },
        new FaultInjector() {
          @Override
          public boolean drop(String stage, long seq) {
            return stage.equals("a") && seq == 1_000; // the last event: caught by the end of stream
          }
        });
    for (FaultInjector fault : faults) {
      List<String> seen = new ArrayList<>();
      for (int threads : new int[] {100, 1}) {
        FlowDefinition def = flow("faultyfused")
            .bufferSize(16)
            .stage(source("numbers", Sources.range(1_000, i -> i)))
            .stage(transform("a", plus(1)))
            .stage(transform("b", plus(1)))
            .stage(sink("out", x -> {}))
            .chain("numbers", "a", "b", "out")
            .build();
        FlowHandle h = Engine.start(def, withFaults(fault, threads));
        FlowResult r = await(h);
        assertThat(r.state()).isEqualTo(FlowState.FAILED);
        seen.add(r.failure().orElseThrow().getMessage() + " @ " + r.failure().orElseThrow().stage().orElse("?") + "; b "
            + h.status().stage("b").orElseThrow().state());
        assertThat(r.lingeringStages()).isEmpty();
      }
      assertThat(seen.get(1)).as("fused, against a thread per stage").isEqualTo(seen.get(0));
      assertThat(seen.get(0)).startsWith("transport a -> b contract failed");
    }
  }

  /** The series of the families that count and state, in a scrape: counts, states, lags, contract checks. */
  private static List<String> countingSeries(String scrape) {
    return scrape.lines()
        .filter(l -> l.startsWith("weir_stage_events_") || l.startsWith("weir_stage_errors_total")
            || l.startsWith("weir_stage_state") || l.startsWith("weir_stage_processing_seconds_count")
            || l.startsWith("weir_edge_lag_events") || l.startsWith("weir_contract_checks_total")
            || l.startsWith("weir_stage_ring_occupancy") || l.startsWith("weir_flow_state"))
        .sorted().toList();
  }

  /** A metered fused run: every count, state, lag and contract series is what a thread per stage shows. */
  @Test
  void theMetersOfAFusedRun_countAndStateAsAThreadPerStage() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("meteredfused")
        .bufferSize(16)
        .stage(source("numbers", Sources.range(5_000, i -> i)))
        .stage(transform("checked", (Long x, Emitter<Long> out) -> {
          if (x % 10 == 0) {
            throw new StageException(ErrorKind.VALIDATION, "ten " + x);
          }
          out.emit(x);
        }))
        .stage(transform("twice", Transforms.flatMap((Long x) -> List.of(x, x))))
        .stage(sink("out", x -> {}))
        .chain("numbers", "checked", "twice", "out")
        .build();
    List<List<String>> seen = new ArrayList<>();
    for (int threads : new int[] {100, 1}) {
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
          new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
              io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
      FlowHandle h = def.get().builder().threads(threads).meterRegistry(registry).start();
      assertThat(await(h).state()).isEqualTo(FlowState.COMPLETED);
      assertThat(threadsLine(h)).contains(threads == 1 ? "4 stages on 1 thread," : "4 stages on 4 threads");
      List<String> series = countingSeries(registry.scrape());
      assertThat(series).anyMatch(l -> l.startsWith("weir_stage_processing_seconds_count") && l.contains("twice")
          && l.endsWith(" 4500"));
      seen.add(series);
      h.close();
    }
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
  }

  /** One stage read by two branches, each a chain that fuses: each branch writes what it does on threads of its own. */
  @Test
  void fusedChainsAfterAFanOut_writeTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("fanout")
        .bufferSize(8)
        .stage(source("numbers", Sources.range(5_000, i -> i)))
        .stage(transform("split", plus(0)))
        .stage(transform("x1", plus(1)))
        .stage(transform("x2", Transforms.filter((Long x) -> x % 3 != 0)))
        .stage(sink("xs", x -> {}))
        .stage(transform("y1", Transforms.flatMap((Long x) -> List.of(x, -x))))
        .stage(transform("y2", plus(7)))
        .stage(sink("ys", x -> {}))
        .chain("numbers", "split", "x1", "x2", "xs")
        .chain("split", "y1", "y2", "ys")
        .build();
    Outcome reference = run(def.get(), 100);
    assertThat(reference.result().state()).isEqualTo(FlowState.COMPLETED);
    for (int threads : new int[] {1, 2}) {
      Outcome fused = run(def.get(), threads);
      assertThat(fused.materialized()).doesNotContain("8 stages on 8 threads");
      assertSame(fused, reference, "threads(" + threads + ")");
    }
  }

  /** Threads that yield instead of parking: a fused run still completes with the same journals. */
  @Test
  void aFusedRunThatYieldsInsteadOfParking_writesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("yielding")
        .bufferSize(4)
        .stage(source("numbers", Sources.range(3_000, i -> i)))
        .stage(transform("a", Transforms.flatMap((Long x) -> List.of(x, x + 1))))
        .stage(transform("b", plus(1)))
        .stage(sink("out", x -> {}))
        .chain("numbers", "a", "b", "out")
        .build();
    Outcome reference = run(def.get(), 100);
    for (int threads : new int[] {1, 2}) {
      Outcome fused = run(def.get(), threads, b -> b.waitMode(dev.weir.flow.WaitMode.YIELD)
          .journals(Journals.memory().keepAll()));
      assertSame(fused, reference, "YIELD threads(" + threads + ")");
    }
  }

  /**
   * A stateful host whose timer fires every millisecond on the system clock (where it fires is timing), then a fused
   * chain: whatever the windows, every input is summed once, and the fused stages read all the host emitted.
   */
  @Test
  void aFusedChainAfterATimerOnTheSystemClock_carriesEveryWindow() throws Exception {
    for (int threads : new int[] {100, 1, 2}) {
      AtomicLong total = new AtomicLong();
      FlowHandle h = flow("timedhost")
          .bufferSize(8)
          .stage(source("numbers", Sources.range(50_000, i -> i)))
          .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
              f -> StatefulStageTest.sum(EmitPolicy.every(Duration.ofMillis(1)).thenReset())))
          .stage(transform("inc", plus(1)))
          .stage(transform("dec", plus(-1)))
          .stage(sink("out", total::addAndGet))
          .chain("numbers", "sums", "inc", "dec", "out")
          .build().builder().threads(threads).journals(Journals.memory().keepAll()).start();
      FlowResult r = await(h);
      assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
      assertThat(total.get()).as("threads(%d)", threads).isEqualTo(50_000L * 49_999 / 2);
      long windows = r.stage("sums").emitted();
      assertThat(r.stage("inc").received()).isEqualTo(windows);
      assertThat(r.stage("dec").emitted()).isEqualTo(windows);
      assertThat(r.stage("out").received()).isEqualTo(windows);
      assertThat(h.journals().order("sums")).isPresent(); // where the timer fired is recorded, for a replay
    }
  }

  /** A run whose host's timer fired by the system clock, replayed fused and not: its timers fire where they did. */
  @Test
  void aReplayOfAFusedTimedRun_firesTheTimersWhereTheyFired_andWritesTheSameJournals() throws Exception {
    Supplier<FlowDefinition> def = () -> flow("timedreplay")
        .bufferSize(8)
        .stage(source("numbers", Sources.range(20_000, i -> i)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
            f -> StatefulStageTest.sum(EmitPolicy.every(Duration.ofMillis(1)).thenReset())))
        .stage(transform("inc", plus(1)))
        .stage(transform("odd", Transforms.filter((Long x) -> x % 2 == 1)))
        .stage(sink("out", x -> {}))
        .chain("numbers", "sums", "inc", "odd", "out")
        .build();
    Outcome original = run(def.get(), 1, b -> b.journals(Journals.disk(dir.resolve("original"))
        .durability(Durability.none())));
    assertThat(original.result().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = original.handle().journals().directory().orElseThrow();
    int n = 0;
    for (int threads : new int[] {1, 100}) {
      Path replays = dir.resolve("replay" + n++);
      Outcome replay = run(def.get(), threads, b -> b.journals(Journals.disk(replays).durability(Durability.none()))
          .replayFrom(runDir));
      assertSame(replay, original, "replay on threads(" + threads + ")");
    }
  }

  /**
   * A host with {@code @Retry} waits out a backoff; the wait flushes its journals, which runs its fused reader, and
   * that reader fails. The host's input was only being retried: it must not be dead-lettered, nor its retries
   * count the halt, and the flow fails naming the reader, as on threads of their own.
   */
  @Test
  void aFusedStageFailingDuringItsHostsRetryBackoff_failsTheFlowNamingIt_andTheHostDeadLettersNothing()
      throws Exception {
    for (int threads : new int[] {100, 100, 1, 1, 1}) {
      Set<Long> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
      FlowHandle h = flow("retryhost")
          .stage(source("numbers", Sources.range(1_000, i -> i)))
          .stage(transform("remote", (Long x, Emitter<Long> out) -> {
            if (x == 100 && failedOnce.add(x)) {
              throw new StageException(ErrorKind.REMOTE, "busy at " + x);
            }
            out.emit(x);
          }))
          .stage(transform("picky", (Long x, Emitter<Long> out) -> {
            if (x == 99) {
              throw new AssertionError("picky broke on " + x);
            }
            out.emit(x);
          }))
          .stage(sink("out", x -> {}))
          .chain("numbers", "remote", "picky", "out")
          .middleware("remote", MiddlewareEntry.stage(new RetryPolicy(3, Duration.ofMillis(200), 1.0,
              Duration.ofMillis(200), 0.0)))
          .build().builder().threads(threads).journals(Journals.memory().keepAll()).start();
      FlowResult r = await(h);
      String what = "threads(" + threads + "): " + threadsLine(h) + "; " + h.journals().errors("remote").deadLetters();
      assertThat(r.state()).as(what).isEqualTo(FlowState.FAILED);
      assertThat(r.failure().orElseThrow().getMessage()).as(what).contains("stage 'picky'").contains("picky broke on 99");
      assertThat(h.journals().errors("remote").deadLetters()).as(what).isEmpty();
    }
  }

  /** A manually started fused run: every stage runs (and the sources wait) before the start, then it completes. */
  @Test
  void aManuallyStartedFusedRun_reportsEveryStageRunningBeforeItsStart_andAStopBeforeTheStartCompletesIt()
      throws Exception {
    for (int threads : new int[] {100, 1}) {
      for (boolean stopFirst : new boolean[] {false, true}) {
        FlowHandle h = flow("manual")
            .stage(source("numbers", Sources.range(1_000, i -> i)))
            .stage(transform("a", plus(1)))
            .stage(transform("b", plus(1)))
            .stage(sink("out", x -> {}))
            .chain("numbers", "a", "b", "out")
            .build().builder().threads(threads).manualStart().start();
        Await.until("every stage running", () -> h.status().stages().stream()
            .allMatch(st -> st.state() == StageState.RUNNING));
        assertThat(h.status().stage("numbers").orElseThrow().emitted()).isZero();
        if (stopFirst) {
          h.stop(StopMode.GRACEFUL, "before the start");
        } else {
          h.start();
        }
        FlowResult r = await(h);
        assertThat(r.state()).as("threads(%d), stop first %s: %s", threads, stopFirst, r).isEqualTo(FlowState.COMPLETED);
        assertThat(r.stage("out").received()).isEqualTo(stopFirst ? 0 : 1_000);
        assertThat(h.status().stages()).allMatch(st -> st.state() == StageState.COMPLETED);
      }
    }
  }
}

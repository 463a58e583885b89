package dev.weir.test;

import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.engine.BuilderAccess;
import dev.weir.engine.EngineAccess;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.Journals;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StopMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Unit-tests a flow on the real runtime, with memory journals: replace its sources with lists (or a
 * {@link TestSource} the test feeds), its sinks or transforms with your own, run it, and assert on
 * what each stage emitted and dead-lettered:
 *
 * <pre>{@code
 * List<RegionTotal> summary = new ArrayList<>();
 * FlowTestRun run = FlowTestKit.run(OrdersFlow.definition())
 *     .withSource("orders", List.of(order1, order2))
 *     .replacing("summary", Sinks.collect(summary))
 *     .complete();
 * run.assertCompleted();
 * run.assertStage("validate").hasErrors(1).hasErrorFor(order2, ErrorKind.VALIDATION, "quantity must be positive");
 * List<PricedOrder> priced = run.outputs("validate", PricedOrder.class);
 * }</pre>
 *
 * <p>Everything that does not fit the flow is refused here, before the run, naming the stage: an
 * unknown stage (listing the flow's stages), a list whose elements are not what the source emits
 * (naming both types), a sink given for a stage that is not a sink. With {@link #withManualClock()}
 * the stages' timers ({@code EmitPolicy.every(...)}), middleware waits (retry backoffs, rate-limit
 * permits, breaker waits, timeouts) and async calls' timeouts read a clock that only
 * {@link FlowTestRun#advanceClock(Duration)} moves. With {@link #withSeed(long)} every stage with
 * several inputs reads them in an order fixed by the seed and the inputs.
 */
public final class FlowTestKit {

  /** How long {@link #complete()} and the waits of a run may take before they fail the test. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final FlowDefinition definition;
  private final Map<String, Object> replacements = new LinkedHashMap<>();
  private final List<Consumer<FlowBuilder>> configuration = new ArrayList<>();
  private FlowSettings settings = FlowSettings.empty();
  private final Map<String, String> settingValues = new LinkedHashMap<>();
  private boolean manualClock;
  private Long fanInSeed;
  private Duration timeout = DEFAULT_TIMEOUT;

  private FlowTestKit(FlowDefinition definition) {
    this.definition = Objects.requireNonNull(definition, "definition");
  }

  /** Starts setting up a test run of {@code definition} (a generated {@code <Flow>Flow.definition()}). */
  public static FlowTestKit run(FlowDefinition definition) {
    return new FlowTestKit(definition);
  }

  /**
   * Source stage {@code stage} emits {@code items}, in order, instead of calling its handler; every
   * item must be an instance of the stage's element type.
   *
   * @throws IllegalArgumentException when the flow has no such stage, the stage is not a source, or an
   *     item is null or not of the stage's element type (both types named)
   */
  public FlowTestKit withSource(String stage, List<?> items) {
    Objects.requireNonNull(items, "items");
    StageDefinition s = stage(stage, StageKind.SOURCE, "withSource(\"" + stage + "\", list)");
    Class<?> type = boxed(s.output().rawType());
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      if (item == null) {
        throw new IllegalArgumentException(where(stage) + ": item " + i + " of the list given to withSource is null;"
            + " a source emits " + s.output().typeName() + " values, never null");
      }
      if (!type.isInstance(item)) {
        throw new IllegalArgumentException(where(stage) + " emits " + s.output().typeName()
            + ", but item " + i + " of the list given to withSource is a " + item.getClass().getName() + " (" + item
            + "); give a list of " + s.output().typeName());
      }
    }
    replacements.put(stage, List.copyOf(items));
    return this;
  }

  /**
   * Source stage {@code stage} runs {@code source} instead of its own handler: a {@link TestSource}
   * the test feeds while the flow runs, or any {@link Source}.
   *
   * @throws IllegalArgumentException when the flow has no such stage or it is not a source
   */
  public FlowTestKit withSource(String stage, Source<?> source) {
    Objects.requireNonNull(source, "source");
    stage(stage, StageKind.SOURCE, "withSource(\"" + stage + "\", source)");
    replacements.put(stage, source);
    return this;
  }

  /**
   * Sink stage {@code stage} delivers to {@code sink} instead of its own handler
   * ({@code Sinks.collect(list)} keeps what it receives).
   *
   * @throws IllegalArgumentException when the flow has no such stage or it is not a sink
   */
  public FlowTestKit replacing(String stage, Sink<?> sink) {
    Objects.requireNonNull(sink, "sink");
    stage(stage, StageKind.SINK, "replacing(\"" + stage + "\", sink)");
    replacements.put(stage, sink);
    return this;
  }

  /**
   * Transform stage {@code stage} runs {@code transform} instead of its own handler (a stub for a
   * stage that calls a remote system), with the stage's middleware as declared.
   *
   * @throws IllegalArgumentException when the flow has no such stage or it is not a {@code Transform}
   */
  public FlowTestKit replacing(String stage, Transform<?, ?> transform) {
    Objects.requireNonNull(transform, "transform");
    stage(stage, StageKind.TRANSFORM, "replacing(\"" + stage + "\", transform)");
    replacements.put(stage, transform);
    return this;
  }

  /** The run's settings, as {@code FlowBuilder.settings}; {@link #setting} adds to them. */
  public FlowTestKit settings(FlowSettings value) {
    this.settings = Objects.requireNonNull(value, "settings");
    return this;
  }

  /** One setting the flow reads ({@code setting("orders.min-quantity", "3")}), over {@link #settings}. */
  public FlowTestKit setting(String key, String value) {
    settingValues.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Anything else the run needs from its {@link FlowBuilder}: codecs, error budgets, a meter registry. */
  public FlowTestKit configure(Consumer<FlowBuilder> configurer) {
    configuration.add(Objects.requireNonNull(configurer, "configurer"));
    return this;
  }

  /**
   * The stages' timers ({@code EmitPolicy.every(...)}), their middleware's time (a {@code @Retry}
   * backoff, {@code @RateLimit} permits, a {@code @CircuitBreaker}'s wait in open, a {@code @Timeout})
   * and an {@code AsyncTransform}'s {@code timeout()} (a call still pending at its deadline is
   * dead-lettered as {@code TIMEOUT}) read a clock that starts at 0 and moves only when the test calls
   * {@link FlowTestRun#advanceClock(Duration)}: a timer fires, a backoff ends, a permit frees, a
   * timeout interrupts its call there and nowhere else, after everything sent before it has been
   * handled, and without the test waiting for real. A run without it uses the system clock.
   */
  public FlowTestKit withManualClock() {
    this.manualClock = true;
    return this;
  }

  /**
   * Every stage with several inputs consumes them in an order that is a pure function of
   * {@code seed} and the flow's inputs: two runs with the same seed and inputs give the same outputs
   * and the same order journals, another seed may interleave differently, and each input's own
   * order is kept. A fan-in takes one record at a time, only when the rest of the flow is quiescent
   * (every other stage waits for input, is blocked on a full output ring, waits at its own choice
   * or has ended), from an input its generator (seeded from {@code seed} and the stage's name) picks
   * among those with a record ready; the first waiting fan-in in definition order goes first. Sparse
   * inputs and cycles work. A run without a seed keeps the runtime's own, timing-dependent order.
   *
   * <p>The order holds for list sources and sources that read fixed data; a {@link TestSource} counts
   * as waiting once it emitted everything sent to it, so what the test sends while the flow runs
   * lands where it lands (and so do its ends of stream in the order journal). On the system clock an
   * async stage with calls in flight keeps the flow busy until they end; on the manual clock a stage
   * waiting for the clock (a backoff, a permit, an async window full of pending calls) counts as
   * waiting. Timers fire where the clock has them: keep them on {@link #withManualClock()}. A replay
   * ({@code configure(b -> b.replayFrom(dir))}) reads its inputs in the archived order: {@link #start()}
   * refuses a seed for it with an {@link IllegalStateException}.
   */
  public FlowTestKit withSeed(long seed) {
    this.fanInSeed = seed;
    return this;
  }

  /** How long {@link #complete()} and the waits of {@link FlowTestRun} may take; 60 s by default. */
  public FlowTestKit timeout(Duration value) {
    Objects.requireNonNull(value, "timeout");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + value);
    }
    this.timeout = value;
    return this;
  }

  /**
   * Runs the flow to its end and returns the finished run. A run that fails is returned too (assert
   * on it with {@link FlowTestRun#assertFailed()}); one that does not end within the timeout is
   * cancelled and fails the test, saying which stages were still going.
   */
  public FlowTestRun complete() {
    FlowTestRun run = start();
    run.awaitEnd();
    return run;
  }

  /**
   * Starts the flow and returns at once, for a test that feeds a {@link TestSource} or advances the
   * clock while the flow runs; close the run (try-with-resources) to stop it if it is still going.
   */
  public FlowTestRun start() {
    FlowDefinition testDefinition = definitionWithReplacements();
    FlowBuilder builder = testDefinition.builder().journals(Journals.memory().keepAll()); // tests read whole journals
    FlowSettings effective = settings;
    for (Map.Entry<String, String> e : settingValues.entrySet()) {
      effective = effective.with(e.getKey(), e.getValue());
    }
    builder.settings(effective);
    for (Consumer<FlowBuilder> c : configuration) {
      c.accept(builder);
    }
    ManualTimerClock clock = manualClock ? new ManualTimerClock() : null;
    if (clock != null) {
      BuilderAccess.timerClock(builder, clock);
    }
    if (fanInSeed == null) {
      return new FlowTestRun(builder.start(), clock, testSources(), timeout);
    }
    // seeded turns follow each stage's own state: every stage gets a thread of its own (no fusion)
    builder.threads(Integer.MAX_VALUE);
    FlowHandle handle = builder.manualStart().start(); // the turns are in place before any source emits
    if (handle.state().isTerminal()) {
      return new FlowTestRun(handle, clock, testSources(), timeout); // it failed to start: nothing to seed
    }
    try {
      EngineAccess.chooseFanIn(handle, new SeededFanIn(fanInSeed, testSources()));
    } catch (RuntimeException e) {
      handle.stop(StopMode.CANCEL, "the seeded fan-in order could not be set");
      throw e;
    }
    handle.start();
    return new FlowTestRun(handle, clock, testSources(), timeout);
  }

  private Map<String, TestSource<?>> testSources() {
    Map<String, TestSource<?>> fed = new HashMap<>();
    replacements.forEach((stage, r) -> {
      if (r instanceof TestSource<?> t) {
        fed.put(stage, t);
      }
    });
    return fed;
  }

  private FlowDefinition definitionWithReplacements() {
    FlowDefinition original = definition;
    FlowDefinition.Draft draft = FlowDefinition.define(original.name(), s -> original.newFlowInstance(s))
        .maxIterations(original.maxIterations())
        .bufferSize(original.bufferSize());
    for (StageDefinition s : original.stages()) {
      Object replacement = replacements.get(s.name());
      StageDefinition stage = s;
      if (replacement != null) {
        Object handler = replacement instanceof List<?> items ? Sources.of(items) : replacement;
        stage = new StageDefinition(s.name(), s.kind(), s.input(), s.reference(), s.output(), s.method(),
            flow -> handler, s.errorBudget());
      }
      draft.stage(stage);
      List<MiddlewareEntry> middleware = original.middleware(s.name());
      if (!middleware.isEmpty()) {
        draft.middleware(s.name(), middleware.toArray(new MiddlewareEntry[0]));
      }
    }
    for (EdgeDefinition e : original.edges()) {
      draft.edge(e);
    }
    return draft.build();
  }

  private StageDefinition stage(String stage, StageKind expected, String call) {
    StageDefinition s = FlowStages.find(definition, stage);
    if (s.kind() != expected) {
      throw new IllegalArgumentException(call + ": stage '" + stage + "' of flow '" + definition.name() + "' is a "
          + s.kind() + ", not a " + expected + "; its " + expected + " stages: " + FlowStages.namesOf(definition, expected));
    }
    return s;
  }

  private String where(String stage) {
    return "stage '" + stage + "' of flow '" + definition.name() + "'";
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
  }
}

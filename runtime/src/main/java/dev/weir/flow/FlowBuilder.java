package dev.weir.flow;

import dev.weir.engine.BuilderAccess;
import dev.weir.engine.Engine;
import dev.weir.engine.EngineOptions;
import dev.weir.engine.FaultInjector;
import dev.weir.event.CodecRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Configures and starts one run of a {@link FlowDefinition}. */
public final class FlowBuilder {

  static {
    BuilderAccess.register(FlowBuilder::runCodecs);
    BuilderAccess.registerSettings(builder -> builder.settings);
    BuilderAccess.registerTimerClock((builder, clock) -> builder.timerClock = clock);
  }

  private final FlowDefinition definition;
  private Journals journals = Journals.memory();
  private boolean manualStart;
  private Duration stopDeadline = Duration.ofSeconds(30);
  private Path replayFrom;
  private dev.weir.journal.JournalProvider replayJournals;
  private String replayRun;
  private Path resumeFrom;
  private String resumeRun;
  private boolean replayLiveEffects;
  private boolean allowIncomplete;
  private WaitMode waitMode = WaitMode.PARK;
  private int threads;
  private byte[] replayKey = DiskJournals.keyFromEnvironment();
  private CodecRegistry codecs = CodecRegistry.defaults();
  private ReplaySinks replaySinks = ReplaySinks.RUN;
  private ErrorBudget errorBudget = ErrorBudget.unlimited();
  private final java.util.Map<String, ErrorBudget> stageErrorBudgets = new java.util.HashMap<>();
  private FlowSettings settings = FlowSettings.empty();
  private io.micrometer.core.instrument.MeterRegistry meterRegistry;
  /** Set by the test kit only (through {@code BuilderAccess}); null: timers read the system clock. */
  private dev.weir.engine.TimerClock timerClock;

  FlowBuilder(FlowDefinition definition) {
    this.definition = Objects.requireNonNull(definition, "definition");
  }

  /** The codecs the run encodes with: the configured ones, writing the journals' payload format. */
  private CodecRegistry runCodecs() {
    return codecs.withPayloadFormat(journals.payloadFormat());
  }

  /** Where the run's journals go; {@link Journals#memory()} by default. */
  public FlowBuilder journals(Journals value) {
    this.journals = Objects.requireNonNull(value, "journals");
    return this;
  }

  /** Sources wait for {@link FlowHandle#start()} instead of starting once every stage runs. */
  public FlowBuilder manualStart() {
    this.manualStart = true;
    return this;
  }

  /** How long a graceful stop may drain before it escalates to cancel; 30 s by default. */
  public FlowBuilder stopDeadline(Duration value) {
    Objects.requireNonNull(value, "stopDeadline");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("stopDeadline must be positive, got " + value);
    }
    this.stopDeadline = value;
    return this;
  }

  /**
   * Encodes payloads of {@code type} with {@code codec} instead of JSON, in every journal of the run
   * (memory and disk) and when reading the archive of a replay. One instance serves every journal,
   * from several stage threads at once: it must be thread-safe and deterministic (equal values,
   * equal bytes).
   */
  public <T> FlowBuilder codec(Class<T> type, Codec<T> codec) {
    this.codecs = codecs.with(type, codec);
    return this;
  }

  /** As {@link #codec(Class, Codec)} for a generic type: {@code codec(new TypeRef<List<Item>>() {}, c)}. */
  public <T> FlowBuilder codec(TypeRef<T> type, Codec<T> codec) {
    this.codecs = codecs.with(type.type(), codec);
    return this;
  }

  /**
   * Registers Jackson modules (a {@code KotlinModule}, {@code GuavaModule}, your own serializers) on
   * the mapper that encodes this run's JSON payloads. Weir's default mapper already reads and writes
   * {@code java.time} types and {@code Optional}.
   */
  public FlowBuilder jacksonModules(com.fasterxml.jackson.databind.Module... modules) {
    this.codecs = codecs.withModules(java.util.List.of(modules));
    return this;
  }

  /**
   * Encodes this run's JSON payloads with {@code mapper}, configured as you need and not changed
   * afterwards; start from {@link Codec#defaultJsonMapper()} to keep Weir's
   * defaults (deterministic map order, zones kept, empty beans refused). Every element type is still
   * checked to round-trip through it before the first event.
   */
  public FlowBuilder jsonMapper(com.fasterxml.jackson.databind.ObjectMapper mapper) {
    this.codecs = codecs.withMapper(mapper);
    return this;
  }

  /**
   * The run's settings: the flow object is made with them (when its class takes a
   * {@link FlowSettings}, or its definition was given a {@code Function<FlowSettings, ?>}), and a disk
   * run's manifest records them, secrets as set but without their values. None by default.
   */
  public FlowBuilder settings(FlowSettings value) {
    this.settings = Objects.requireNonNull(value, "settings");
    return this;
  }

  /** What idle stage threads do; {@link WaitMode#PARK} by default. */
  public FlowBuilder waitMode(WaitMode value) {
    this.waitMode = Objects.requireNonNull(value, "waitMode");
    return this;
  }

  /**
   * How many threads the run's linear stretches share: a plain transform or sink whose only input is
   * a stage that only it reads runs on that stage's thread, at most {@code ceil(stages / n)} stages to
   * a thread, with rings between threads where the graph fans out or in (see {@code docs/engine.md}).
   * Every guarantee is the same either way; fewer threads than stages saves handoffs and wake-ups.
   * {@code 0} (the default) is the number of processors, except on disk journals with
   * {@link Durability#batch()} durability, where every stage keeps its own thread so that the
   * stages' syncs overlap; a number at least the stage count gives every stage a thread of its own.
   */
  public FlowBuilder threads(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("flow '" + definition.name() + "': threads(" + n + "): give 0 (the number of"
          + " processors) or more");
    }
    this.threads = n;
    return this;
  }

  /**
   * Replays the run in {@code runDir}: every source re-emits what it wrote there (matched by stage
   * name) instead of calling its handler, and every stage with several inputs consumes them in the
   * order recorded there. The new run records what it replayed. Every other stage runs its handler
   * again, sinks included (with their side effects) unless {@link #replaySinks(ReplaySinks)} skips them.
   */
  public FlowBuilder replayFrom(Path runDir) {
    this.replayFrom = Objects.requireNonNull(runDir, "runDir");
    return this;
  }

  /**
   * As {@link #replayFrom(Path)}, for run {@code runId} as {@code journals} keep it: on
   * {@code Journals.disk(dir)} the run directory {@code dir/<flow>/<runId>}; on journals a module
   * keeps (weir-kafka's {@code KafkaJournals}) the run's topics, checked whole by them first. The
   * sources' journals replace the sources, the sinks' and effects' outcomes are copied (unless
   * {@link #replayLiveEffects()}), and this run journals to this builder's {@link #journals}. Compare
   * the two with {@code ReplayVerifier.compare}, as {@code --verify} does.
   *
   * @throws IllegalArgumentException when {@code journals} keep no runs (memory journals)
   */
  public FlowBuilder replayRun(Journals journals, String runId) {
    Objects.requireNonNull(journals, "journals");
    String id = requireRunId(runId);
    if (journals instanceof DiskJournals disk) {
      this.replayFrom = disk.directory().resolve(definition.name()).resolve(id);
      return this;
    }
    if (!(journals instanceof dev.weir.journal.JournalProvider provider)) {
      throw new IllegalArgumentException("flow '" + definition.name() + "': " + journals + " keep no runs to replay"
          + " run " + id + " from: use Journals.disk(dir), or journals of a module that keeps runs (weir-kafka's"
          + " KafkaJournals)");
    }
    this.replayJournals = provider;
    this.replayRun = id;
    return this;
  }

  /** Allows replaying a run that did not complete (crashed, failed or cancelled). */
  /**
   * Continues the interrupted run in {@code runDir} (a crash, a kill, a stop) instead of starting a
   * new one: the run goes on in that directory, with its id, on this builder's disk journals'
   * durability and key ({@link #journals(Journals)} must be {@code Journals.disk}). Each journal is cut
   * back to its last whole record; every stage produces again, in order, what its journals hold, and
   * each record is checked against the journaled one instead of being written twice (a difference
   * fails the run: the stage is not deterministic); sinks get only the inputs whose outcome was not
   * journaled, and {@link dev.weir.api.Effect}s are not performed again for an event whose outcome
   * was. A {@link dev.weir.api.ResumableSource} continues after what it emitted; another source is
   * read again from its start and its first events are checked against its journal. Refused, saying
   * why, for a run that completed, of another flow or topology, or with a cycle. See
   * {@code docs/resume.md}.
   */
  public FlowBuilder resumeFrom(Path runDir) {
    this.resumeFrom = Objects.requireNonNull(runDir, "runDir");
    return this;
  }

  /**
   * As {@link #resumeFrom(Path)}, naming the interrupted run by its id in this builder's journals:
   * on {@code Journals.disk(dir)} the run directory {@code dir/<flow>/<runId>}; on journals a module
   * keeps (weir-kafka's {@code KafkaJournals}) the run's journals there, read back from their start
   * (Kafka topics cannot cut a record off their end, so a run on them resumes after a crash or a
   * cancel, not after a graceful stop). See {@code docs/resume.md}.
   */
  public FlowBuilder resumeRun(String runId) {
    this.resumeRun = requireRunId(runId);
    return this;
  }

  private String requireRunId(String runId) {
    Objects.requireNonNull(runId, "runId");
    if (runId.isBlank() || runId.contains("/") || runId.contains("\\") || runId.equals(".") || runId.equals("..")) {
      throw new IllegalArgumentException("flow '" + definition.name() + "': '" + runId + "' is not a run id (a run id"
          + " names one run, like 20261203T172610Z-28845-2)");
    }
    return runId;
  }

  /**
   * On a replay: performs the stages declared {@link dev.weir.api.Effect}s again (an async call goes
   * out, a sink delivers) instead of taking their outcomes from the archived run, which is what a
   * replay does by default so that it never charges a card twice.
   */
  public FlowBuilder replayLiveEffects() {
    this.replayLiveEffects = true;
    return this;
  }

  public FlowBuilder allowIncomplete() {
    this.allowIncomplete = true;
    return this;
  }

  /**
   * What a replay does with its sinks: {@link ReplaySinks#RUN} (the default) calls them again, with
   * their side effects; {@link ReplaySinks#SKIP} calls no sink handler (nor the methods that create
   * them) and has each sink write, per input, what the original run's sink wrote for it (its receipt
   * or its dead letter), so the replay still verifies. Skipping needs {@link #replayFrom(Path)}:
   * {@link #start()} refuses it otherwise.
   */
  public FlowBuilder replaySinks(ReplaySinks value) {
    this.replaySinks = Objects.requireNonNull(value, "replaySinks");
    return this;
  }

  /** The HMAC key the replayed run was sealed with; {@code WEIR_JOURNAL_KEY} by default. */
  public FlowBuilder replayKey(byte[] key) {
    this.replayKey = key == null ? null : key.clone();
    return this;
  }

  /**
   * The error budget of every stage that has none of its own (from {@link #errorBudget(String,
   * ErrorBudget)} or {@code @Stage(maxErrors)}); {@link ErrorBudget#unlimited()} by default. A stage
   * that exceeds its budget fails the run ({@link FlowState#FAILED}), naming the stage, its count, its
   * budget and its first error; the dead letters written until then stay in its error journal.
   */
  public FlowBuilder errorBudget(ErrorBudget budget) {
    this.errorBudget = Objects.requireNonNull(budget, "budget");
    return this;
  }

  /**
   * The error budget of stage {@code stage}, over any other: its {@code @Stage(maxErrors)} and the
   * flow-wide {@link #errorBudget(ErrorBudget)}; {@link ErrorBudget#unlimited()} lifts them.
   *
   * @throws IllegalArgumentException when the flow has no such stage
   */
  public FlowBuilder errorBudget(String stage, ErrorBudget budget) {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(budget, "budget");
    if (definition.stage(stage).isEmpty()) {
      throw new IllegalArgumentException("flow '" + definition.name() + "' has no stage '" + stage + "' to give an"
          + " error budget; stages: " + definition.stages().stream().map(StageDefinition::name).toList());
    }
    stageErrorBudgets.put(stage, budget);
    return this;
  }

  /**
   * Meters the run in {@code registry} (any Micrometer registry: Prometheus, JMX, a
   * {@code SimpleMeterRegistry} in a test): per stage its events, errors by kind, state, ring
   * occupancy and time blocked on a full ring; per edge its lag and contract checks; the flow's
   * state, uptime and Weir version; and a histogram of the time each input took to handle. The
   * counts and gauges read the run's {@link FlowHandle#status()}, which the stages publish once per
   * batch anyway; the histogram costs two clock reads per poll of an input. Without a registry (the
   * default) nothing is registered or timed. The meters are bound before the sources start, so they
   * count every event. A later run of the same flow in the same registry replaces the earlier run's
   * meters. Names: {@code docs/operations.md}.
   */
  public FlowBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Starts the run. Problems found while materializing (a stage factory that throws, a stage kind
   * this engine cannot run, an element type that would not round-trip through its codec, a replay
   * archive that is not whole or whose event types differ) do not throw here: they end the run
   * {@link FlowState#FAILED} with the cause in {@link FlowResult#failure()} and in the system
   * journal.
   *
   * @throws FlowException when the run's journals cannot be opened (nothing was started, the
   *     journals opened so far are closed, and a manifest already written says FAILED)
   * @throws IllegalStateException when {@link #replaySinks(ReplaySinks)} is {@code SKIP} but the run
   *     is not a replay (no {@link #replayFrom(Path)}): nothing was started
   */
  public FlowHandle start() {
    boolean replay = replayFrom != null || replayRun != null;
    String replayed = replayFrom != null ? "replayFrom " + replayFrom : "replayRun " + replayRun;
    if (replaySinks == ReplaySinks.SKIP && !replay) {
      throw new IllegalStateException("flow '" + definition.name() + "': replaySinks(SKIP) skips the sinks of a"
          + " replay, but this run replays nothing: give replayFrom(<run dir>) too, or leave the sinks to run");
    }
    if (replayLiveEffects && !replay) {
      throw new IllegalStateException("flow '" + definition.name() + "': replayLiveEffects() performs the effects of"
          + " a replay, but this run replays nothing: give replayFrom(<run dir>) too");
    }
    if (replayFrom != null && replayRun != null) {
      throw new IllegalStateException("flow '" + definition.name() + "': a run replays either a run directory"
          + " (replayFrom " + replayFrom + ") or a run by id (replayRun " + replayRun + "), not both");
    }
    if ((resumeFrom != null || resumeRun != null) && replay) {
      throw new IllegalStateException("flow '" + definition.name() + "': a run either resumes ("
          + (resumeFrom != null ? "resumeFrom " + resumeFrom : "resumeRun " + resumeRun) + ") or replays (" + replayed
          + "), not both");
    }
    if (resumeFrom != null && resumeRun != null) {
      throw new IllegalStateException("flow '" + definition.name() + "': a run resumes either a run directory"
          + " (resumeFrom " + resumeFrom + ") or a run by id (resumeRun " + resumeRun + "), not both");
    }
    // metered: the sources wait at the start gate until the meters are bound, so they count every event
    boolean gate = meterRegistry != null && !manualStart;
    FlowHandle handle = Engine.start(definition, new EngineOptions(journals, manualStart || gate, stopDeadline,
        FaultInjector.NONE, replayFrom, allowIncomplete, replayKey, waitMode, runCodecs(), replaySinks, errorBudget,
        stageErrorBudgets, settings, timerClock, threads, resumeFrom, resumeRun, replayLiveEffects, replayJournals,
        replayRun));
    if (meterRegistry != null) {
      dev.weir.metrics.FlowMeters.bind(meterRegistry, handle);
      if (gate) {
        handle.start();
      }
    }
    return handle;
  }
}

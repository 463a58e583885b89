package dev.weir.engine;

import com.lmax.disruptor.RingBuffer;
import dev.weir.middleware.ArchivedAnswers;
import dev.weir.middleware.StageMiddleware;
import dev.weir.api.AsyncTransform;
import dev.weir.api.Effect;
import dev.weir.api.Join;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.EdgeKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.StageDefinition;
import dev.weir.event.Consumed;
import dev.weir.flow.RecordKind;
import dev.weir.flow.ReplaySinks;
import dev.weir.flow.StageKind;
import dev.weir.journal.Journal;
import dev.weir.journal.Manifest;
import dev.weir.journal.ArchivedRun;
import dev.weir.journal.ProvidedRun;
import dev.weir.journal.RunArchive;
import dev.weir.journal.JournalStores;
import dev.weir.journal.RunJournals;
import dev.weir.journal.RunSpec;
import dev.weir.replay.ArchiveTypes;
import dev.weir.replay.ArchivedOutcomes;
import dev.weir.replay.ArchivedSource;
import java.nio.file.Path;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs flow definitions: materializes every stage (handler, output ring, journals, one poller per
 * edge), hands them to a {@link Supervisor} and starts their threads.
 */
public final class Engine {

  /** The most stages one thread runs, however few threads a run asks for (each adds a level of nested calls). */
  static final int MAX_STAGES_PER_THREAD = 64;

  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private Engine() {}

  /**
   * Materializes and starts a run of {@code definition}; failures end the run, they do not throw,
   * except a failure to open the run's journals (too few file descriptors, a journal that cannot be
   * created): that throws a {@link FlowException} with the cause, after closing what was opened.
   */
  public static FlowHandle start(FlowDefinition definition, EngineOptions options) {
    ResumePoint resume = options.resumeFrom() == null && options.resumeRun() == null ? null
        : ResumePoint.check(definition, options);
    String runId = resume == null ? newRunId() : resume.runId();
    RunJournals journals;
    try {
      RunSpec spec = new RunSpec(definition, runId, options.codecs(), replayOf(options),
          options.settings());
      journals = resume == null ? JournalStores.open(options.journals(), spec)
          : JournalStores.resume(options.journals(), spec, resume.dir(), resume.previousStatus());
    } catch (IOException | RuntimeException e) {
      // nothing runs yet; the journals opened so far were closed and a manifest written says FAILED
      throw new FlowException((resume == null ? "cannot open the journals of flow '" + definition.name() + "' in "
          + options.journals() : "flow '" + definition.name() + "' cannot resume " + resume.where()) + ": " + e.getMessage()
          + "; nothing was started", null, e);
    }
    if (resume != null) {
      try {
        resume.capture(definition, journals);
      } catch (RuntimeException e) {
        journals.close();
        throw new FlowException("flow '" + definition.name() + "' cannot resume " + resume.where() + ": "
            + e.getMessage() + "; nothing was started", null, e);
      }
    }
    Supervisor supervisor = new Supervisor(definition, runId, journals, options.manualStart(),
        options.stopDeadline());
    RunningFlow handle = new RunningFlow(definition.name(), runId, supervisor, journals);
    supervisor.materializing();
    try {
      ArchivedRun archive = options.isReplay() ? openArchive(definition, options) : null;
      if (archive != null) {
        supervisor.closeAtEnd(archive);
      }
      String deliveryRun = archive == null ? runId : archive.manifest().runId(); // a replay redelivers that run's events
      supervisor.launch(materialize(definition, options, supervisor, journals, archive, deliveryRun, resume));
    } catch (FlowException e) {
      supervisor.failBeforeStart(e);
    } catch (RuntimeException e) {
      // a journal that cannot be read back while the stages are made (a resume reads its prefix then):
      // the run fails like any that cannot start, its journals closed, instead of throwing past them
      supervisor.failBeforeStart(new FlowException("flow '" + definition.name() + "' cannot start: " + e.getMessage(),
          null, e));
    }
    return handle;
  }

  /** What a replay replays, as its manifest records it: a run directory's absolute path, or a run by id and its journals. */
  private static java.util.Optional<String> replayOf(EngineOptions options) {
    return options.replayFrom() != null ? java.util.Optional.of(options.replayFrom().toAbsolutePath().toString())
        : options.replayRun() != null ? java.util.Optional.of("run " + options.replayRun() + " in " + options.replayJournals())
        : java.util.Optional.empty();
  }

  private static ArchivedRun openArchive(FlowDefinition def, EngineOptions options) {
    return options.replayFrom() != null ? checked(def, options, openDirectory(def, options), options.replayFrom().toString())
        : checked(def, options, openProvided(def, options), options.replayRun() + " in " + options.replayJournals());
  }

  private static ArchivedRun openDirectory(FlowDefinition def, EngineOptions options) {
    Path dir = options.replayFrom();
    try {
      List<String> problems = RunArchive.verify(dir, options.archiveKey()).stream()
          .filter(c -> !c.ok()).map(c -> c.problem().orElseThrow()).toList();
      if (!problems.isEmpty()) {
        throw new FlowException("flow '" + def.name() + "': cannot replay " + dir + ": it is not whole: "
            + String.join("; ", problems));
      }
      ArchiveTypes types = ArchiveTypes.check(Manifest.read(dir), def, options.codecs());
      if (!types.problems().isEmpty()) {
        throw new FlowException("flow '" + def.name() + "': cannot replay " + dir + ": its event types differ from this"
            + " flow's: " + String.join("; ", types.problems()));
      }
      return RunArchive.open(dir, def, options.archiveKey(), options.codecs(), types.decoders());
    } catch (FlowException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FlowException("flow '" + def.name() + "': cannot replay " + dir + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * The run {@code replayRun} as the journals {@code replayJournals} keep it: checked whole by them
   * ({@link dev.weir.journal.JournalProvider#verify}), its event types those of this flow, then opened for reading.
   */
  private static ArchivedRun openProvided(FlowDefinition def, EngineOptions options) {
    dev.weir.journal.JournalProvider source = options.replayJournals();
    String runId = options.replayRun();
    String cannot = "flow '" + def.name() + "': cannot replay run " + runId + " in " + source + ": ";
    try {
      Manifest m = source.manifest(def.name(), runId);
      List<String> problems = source.verify(def.name(), runId);
      if (!problems.isEmpty()) {
        throw new FlowException(cannot + "it is not whole: " + String.join("; ", problems.subList(0, Math.min(5,
            problems.size()))) + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : ""));
      }
      ArchiveTypes types = ArchiveTypes.check(m, def, options.codecs());
      if (!types.problems().isEmpty()) {
        throw new FlowException(cannot + "its event types differ from this flow's: " + String.join("; ", types.problems()));
      }
      if (!types.decoders().isEmpty()) {
        throw new FlowException(cannot + "stages " + types.decoders().keySet() + " wrote an older event version, and a run"
            + " kept by " + source + " is not replayed upcast yet (a run directory is)");
      }
      RunSpec spec = new RunSpec(def, runId, options.codecs().withPayloadFormat(m.payloadFormatOrJson()),
          java.util.Optional.ofNullable(m.replayOf()));
      return new ProvidedRun(m, source.read(spec));
    } catch (FlowException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new FlowException(cannot + e.getMessage(), null, e);
    }
  }

  /** Refuses an archive of another flow, of a run that did not complete (unless allowed), or that lacks a stage. */
  private static ArchivedRun checked(FlowDefinition def, EngineOptions options, ArchivedRun archive, String dir) {
    if (!archive.manifest().flow().equals(def.name())) {
      archive.close();
      throw new FlowException("flow '" + def.name() + "': " + dir + " is a run of flow '" + archive.manifest().flow() + "'");
    }
    if (!archive.completed() && !options.allowIncomplete()) {
      archive.close();
      throw new FlowException("flow '" + def.name() + "': run " + dir + " did not complete (status "
          + archive.manifest().status() + "): refusing to replay it; allow it with --allow-incomplete");
    }
    for (StageDefinition s : def.stages()) {
      if (archive.manifest().stage(s.name()).isEmpty()) {
        archive.close();
        throw new FlowException("flow '" + def.name() + "': stage '" + s.name() + "' is not in run " + dir
            + " (stages there: " + archive.manifest().stages().stream().map(Manifest.StageEntry::name).toList()
            + "); was it added or renamed since?", s.name(), null);
      }
    }
    return archive;
  }

  private static List<StageRunner> materialize(
      FlowDefinition def, EngineOptions options, Supervisor supervisor, RunJournals journals, ArchivedRun archive,
      String deliveryRun, ResumePoint resume) {
    List<String> problems = DefinitionCheck.problems(def);
    problems.addAll(CodecCheck.problems(def, options.codecs()));
    if (!problems.isEmpty()) {
      throw new FlowException("flow '" + def.name() + "' cannot start: " + String.join("; ", problems));
    }
    Object flowInstance;
    try {
      flowInstance = def.newFlowInstance(options.settings());
    } catch (dev.weir.flow.SettingException e) { // a setting the flow needs is missing or malformed
      throw new FlowException("flow '" + def.name() + "': creating the flow class failed: " + e.getMessage(), null, e);
    } catch (RuntimeException | Error e) {
      throw new FlowException("flow '" + def.name() + "': creating the flow class failed: " + e, null, e);
    }
    List<StageRunner> runners = new ArrayList<>();
    Map<String, StageRunner> byName = new HashMap<>();
    List<StageDefinition> stages = def.stages();
    for (int i = 0; i < stages.size(); i++) {
      StageDefinition s = stages.get(i);
      boolean skipSink = archive != null && s.kind() == StageKind.SINK && options.replaySinks() == ReplaySinks.SKIP;
      Object handler = archive != null && s.kind() == StageKind.SOURCE
          ? new ArchivedSource(archive.data(s.name()))
          : skipSink ? null : createHandler(def, s, flowInstance); // a skipped sink is not even created
      if (archive != null && s.kind() == StageKind.SINK && handler instanceof Effect && !options.liveEffects()) {
        skipSink = true; // a replay does not act again: the archived run's outcomes are copied
        handler = null;
      }
      if (resume != null && s.kind() == StageKind.SOURCE) {
        handler = resume.source(s, handler);
      }
      Journal data = journals.data(s.name());
      Journal errors = journals.errors(s.name());
      StageRunner r;
      try {
        r = switch (s.kind()) {
          case SOURCE -> new SourceRunner(i, s, supervisor, data, errors, handler);
          case TRANSFORM -> new TransformRunner(i, s, supervisor, data, errors, handler, def.maxIterations());
          case ASYNC_TRANSFORM -> new AsyncTransformRunner(i, s, supervisor, data, errors, handler);
          case STATEFUL -> new StatefulRunner(i, s, supervisor, data, errors, handler);
          case JOIN -> new JoinRunner(i, s, supervisor, data, errors, handler);
          case SINK -> skipSink
              ? new SinkRunner(i, s, supervisor, data, errors, null, options.faults(),
                  archivedOutcomes(def, s, options, archive, RecordKind.RECEIPT), deliveryRun)
              : new SinkRunner(i, s, supervisor, data, errors, handler, options.faults(), null, deliveryRun);
        };
      } catch (IllegalArgumentException e) {
        throw new FlowException("flow '" + def.name() + "': " + e.getMessage(), s.name(), e);
      }
      if (s.kind().hasOutput()) {
        ReaderWakeup wakeup = new ReaderWakeup();
        RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, def.bufferSize(), wakeup);
        r.attachOutput(new StageOutput(r, ring, wakeup, journals.data(s.name()), i, s.name(), options.faults(), s.output()));
      }
      attachMiddleware(def, s, r, supervisor, flowInstance, archive, skipSink);
      r.waitMode(options.waitMode());
      r.timerClock(options.timerClock());
      r.errorBudget(options.errorBudgetOf(s));
      journals.order(s.name()).ifPresent(r::recordOrder);
      if (archive != null) {
        archive.order(s.name()).ifPresent(order -> r.followOrder(new ReplayOrder(order.readAll(RecordKind.CONSUMED)
            .stream().map(rec -> (Consumed) rec.payload()).toList())));
        if (r instanceof AsyncTransformRunner async && handler instanceof Effect && !options.liveEffects()) {
          async.useRecordedOutcomes(archivedOutcomes(def, s, options, archive, RecordKind.DATA), "the archived run");
        }
      }
      if (resume != null) {
        resume.prepare(def, s, r);
      }
      runners.add(r);
      byName.put(s.name(), r);
    }
    Map<EdgeDefinition, StageInput> inputOf = new HashMap<>();
    for (StageRunner reader : runners) {
      List<StageInput> inputs = new ArrayList<>();
      for (EdgeDefinition e : def.inputsOf(reader.name())) {
        StageRunner writer = byName.get(e.from());
        StageInput in = e.kind() == EdgeKind.BACKFLOW
            ? new BackflowInput(reader, writer, journals.data(writer.name()))
            : new EdgeInput(reader, writer, options.codecs().codecFor(writer.definition().output()));
        writer.output().wakeup().addReader(reader.parker());
        inputs.add(in);
        inputOf.put(e, in);
        if (e.kind() == EdgeKind.REFERENCE) {
          ((JoinRunner) reader).referenceInput(in);
          checkFiniteJoin(def, reader, e);
        }
      }
      reader.attachInputs(inputs);
    }
    List<CycleShape> cycles = CycleShape.find(def, new ArrayList<>());
    for (CycleShape cycle : cycles) {
      TransformRunner entry = (TransformRunner) byName.get(cycle.entry());
      List<EdgeInput> outside = new ArrayList<>();
      for (EdgeDefinition e : def.inputsOf(cycle.entry())) {
        if (!cycle.members().contains(e.from())) {
          outside.add((EdgeInput) inputOf.get(e));
        }
      }
      for (String member : cycle.members()) {
        if (!member.equals(cycle.entry())) {
          // the entry re-checks for quiet whenever a member ends a batch, even one that emitted nothing to it
          byName.get(member).output().wakeup().addReader(entry.parker());
        }
      }
      entry.enterCycle(new CycleGuard(outside,
          cycle.forward().stream().map(e -> (EdgeInput) inputOf.get(e)).toList(),
          cycle.backflow().stream().map(e -> (BackflowInput) inputOf.get(e)).toList()));
    }
    Set<String> inCycles = new HashSet<>();
    cycles.forEach(c -> inCycles.addAll(c.members()));
    fuse(def, runners, inCycles, threads(options, runners.size()));
    return runners;
  }

  /**
   * The threads a run shares out: as many as asked for; by default the number of processors, except
   * on disk journals that sync every batch, where each stage keeps its own thread, so that the
   * stages' syncs overlap instead of queueing on one thread (see docs/engine.md).
   */
  private static int threads(EngineOptions options, int stages) {
    if (options.threads() > 0) {
      return options.threads();
    }
    if (options.journals() instanceof dev.weir.flow.DiskJournals disk
        && disk.durability().mode() == dev.weir.flow.Durability.Mode.BATCH) {
      return stages;
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Puts linear runs of stages on one thread each, at most {@code ceil(stages / threads)} stages (and
   * at most {@link #MAX_STAGES_PER_THREAD}) to a
   * thread: a plain transform or sink whose only input comes from a stage it alone reads (neither in
   * a cycle) runs on that stage's thread ({@link StageRunner#fuse}). Where the graph fans out or in,
   * and before any other kind of stage, rings between threads stay.
   */
  private static void fuse(FlowDefinition def, List<StageRunner> runners, Set<String> inCycles, int threads) {
    if (threads >= runners.size()) {
      return; // a thread per stage
    }
    // a fused stage runs inside its host's flush, nested once per stage of the run: keep the nesting shallow
    int perThread = Math.min(MAX_STAGES_PER_THREAD, (runners.size() + threads - 1) / threads);
    Map<String, Integer> readers = new HashMap<>();
    def.edges().forEach(e -> readers.merge(e.from(), 1, Integer::sum));
    Map<StageRunner, StageRunner> next = new HashMap<>(); // upstream -> the transform that may run on its thread
    for (StageRunner d : runners) {
      if (d.fusable() && !inCycles.contains(d.name())) {
        StageRunner u = d.inputs()[0].writer();
        if (readers.getOrDefault(u.name(), 0) == 1 && !inCycles.contains(u.name())) {
          next.put(u, d);
        }
      }
    }
    Set<StageRunner> fusedOnes = new HashSet<>(next.values());
    for (StageRunner head : runners) {
      if (fusedOnes.contains(head)) {
        continue; // reached from its chain's head
      }
      int onThread = 1;
      for (StageRunner u = head, d = next.get(u); d != null; u = d, d = next.get(d)) {
        if (onThread < perThread) {
          u.fuse(d);
          onThread++;
        } else {
          onThread = 1; // d starts the next thread
        }
      }
    }
  }

  /**
   * Gives a stage its resolved middleware stack. On replay a source reads its archive (its
   * middleware has nothing to pace or retry) and a skipped sink calls nothing; other stages follow
   * the archived run's circuit-breaker decisions and are not paced (see {@link StageMiddleware}).
   */
  private static void attachMiddleware(FlowDefinition def, StageDefinition s, StageRunner r, Supervisor supervisor,
      Object flowInstance, ArchivedRun archive, boolean skipSink) {
    if (skipSink || (archive != null && s.kind() == StageKind.SOURCE)) {
      return;
    }
    StageMiddleware stack = StageMiddleware.of(s.name(), def.middleware(s.name()), flowInstance,
        ErrorClassifier::classify, (type, detail) -> supervisor.middlewareChanged(r, type, detail));
    if (stack == null) {
      return;
    }
    if (archive != null) {
      stack.followArchive(new ArchivedAnswers(archive.data(s.name()), archive.errors(s.name())));
    }
    r.middleware(stack);
  }

  /**
   * What the archived run's stage {@code s} did with each input (a sink's receipts, an async
   * transform's outputs: records of kind {@code delivered}; or dead letters), for a replay that does not
   * act again; inputs from upstreams whose archive is read upcast are compared as the replay encodes them.
   */
  private static ArchivedOutcomes archivedOutcomes(FlowDefinition def, StageDefinition s, EngineOptions options,
      ArchivedRun archive, RecordKind delivered) {
    Map<String, dev.weir.flow.Codec<Object>> decoders = ArchiveTypes.check(archive.manifest(), def, options.codecs())
        .decoders();
    Map<String, dev.weir.flow.Codec<Object>> reencode = new HashMap<>();
    for (EdgeDefinition e : def.inputsOf(s.name())) {
      if (decoders.containsKey(e.from())) {
        reencode.put(e.from(), options.codecs().codecFor(def.stage(e.from()).orElseThrow().output()));
      }
    }
    return new ArchivedOutcomes(archive.data(s.name()), delivered, archive.errors(s.name()), archive::data, reencode);
  }

  /**
   * A FINITE join reads its reference to the end before its stream. If both descend from one
   * stage, the unread stream fills the rings back to that stage, which then cannot feed the
   * reference: refuse to start rather than hang.
   */
  private static void checkFiniteJoin(FlowDefinition def, StageRunner join, EdgeDefinition reference) {
    if (((JoinRunner) join).isLive()) {
      return;
    }
    Set<String> refAncestors = ancestors(def, reference.from());
    for (EdgeDefinition e : def.inputsOf(join.name())) {
      if (e.kind() == EdgeKind.REFERENCE) {
        continue;
      }
      Set<String> shared = new TreeSet<>(ancestors(def, e.from()));
      shared.retainAll(refAncestors);
      if (!shared.isEmpty()) {
        throw new FlowException("flow '" + def.name() + "': join '" + join.name() + "' reads its reference '"
            + reference.from() + "' to the end before its stream '" + e.from() + "', but both descend from " + shared
            + ": the waiting stream would stall the reference. Use a LIVE join (.live()) or feed the reference from"
            + " its own source", join.name(), null);
      }
    }
  }

  private static Set<String> ancestors(FlowDefinition def, String stage) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(stage));
    while (!todo.isEmpty()) {
      String s = todo.pop();
      if (seen.add(s)) {
        for (EdgeDefinition e : def.inputsOf(s)) {
          if (e.kind() != EdgeKind.BACKFLOW) {
            todo.push(e.from());
          }
        }
      }
    }
    return seen;
  }

  private static Object createHandler(FlowDefinition def, StageDefinition s, Object flowInstance) {
    Object handler;
    try {
      handler = s.factory().create(flowInstance);
    } catch (Exception | Error e) {
      throw new FlowException("flow '" + def.name() + "': stage '" + s.name() + "': its method " + s.method()
          + "() threw " + e, s.name(), e);
    }
    Class<?> expected = switch (s.kind()) {
      case SOURCE -> Source.class;
      case TRANSFORM -> Transform.class;
      case ASYNC_TRANSFORM -> AsyncTransform.class;
      case STATEFUL -> Stateful.class;
      case JOIN -> Join.class;
      case SINK -> Sink.class;
    };
    if (handler == null) {
      throw new FlowException("flow '" + def.name() + "': stage '" + s.name() + "': its method " + s.method()
          + "() returned null; it must return a " + expected.getSimpleName(), s.name(), null);
    }
    if (!expected.isInstance(handler)) {
      throw new FlowException("flow '" + def.name() + "': stage '" + s.name() + "' is declared " + s.kind()
          + " but its method " + s.method() + "() returned a " + handler.getClass().getName(), s.name(), null);
    }
    if (handler instanceof Effect && s.kind() != StageKind.ASYNC_TRANSFORM && s.kind() != StageKind.SINK) {
      throw new FlowException("flow '" + def.name() + "': stage '" + s.name() + "' is declared an Effect, but it is a "
          + s.kind() + ": only an async transform (one outcome per input, journaled) or a sink can be an effect; make"
          + " the call out an AsyncTransform", s.name(), null);
    }
    return handler;
  }

  private static String newRunId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-" + ProcessHandle.current().pid() + "-"
        + RUNS.incrementAndGet();
  }
}

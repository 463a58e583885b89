package dev.weir.engine;

import com.lmax.disruptor.RingBuffer;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Transform;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.RunJournals;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs flow definitions: materializes every stage (handler, output ring, journals, one poller per
 * edge), hands them to a {@link Supervisor} and starts their threads.
 */
public final class Engine {

  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private Engine() {}

  /** Materializes and starts a run of {@code definition}; failures end the run, they do not throw. */
  public static FlowHandle start(FlowDefinition definition, EngineOptions options) {
    String runId = newRunId();
    RunJournals journals;
    try {
      journals = options.journals().open(definition.name(), runId, definition.stages());
    } catch (IOException e) {
      throw new FlowException("cannot open the journals of flow '" + definition.name() + "' in " + options.journals()
          + ": " + e.getMessage(), null, e);
    }
    Supervisor supervisor = new Supervisor(definition, runId, journals.system(), options.manualStart(),
        options.stopDeadline());
    RunningFlow handle = new RunningFlow(definition.name(), runId, supervisor, journals);
    supervisor.materializing();
    try {
      supervisor.launch(materialize(definition, options, supervisor, journals));
    } catch (FlowException e) {
      supervisor.failBeforeStart(e);
    }
    return handle;
  }

  private static List<StageRunner> materialize(
      FlowDefinition def, EngineOptions options, Supervisor supervisor, RunJournals journals) {
    List<String> problems = DefinitionCheck.problems(def);
    if (!problems.isEmpty()) {
      throw new FlowException("flow '" + def.name() + "' cannot start: " + String.join("; ", problems));
    }
    Object flowInstance;
    try {
      flowInstance = def.newFlowInstance();
    } catch (RuntimeException | Error e) {
      throw new FlowException("flow '" + def.name() + "': creating the flow class failed: " + e, null, e);
    }
    List<StageRunner> runners = new ArrayList<>();
    Map<String, StageRunner> byName = new HashMap<>();
    List<StageDefinition> stages = def.stages();
    for (int i = 0; i < stages.size(); i++) {
      StageDefinition s = stages.get(i);
      Object handler = createHandler(def, s, flowInstance);
      StageRunner r = switch (s.kind()) {
        case SOURCE -> new SourceRunner(i, s, supervisor, journals.data(s.name()), journals.errors(s.name()), handler);
        case TRANSFORM -> new TransformRunner(i, s, supervisor, journals.data(s.name()), journals.errors(s.name()), handler);
        case SINK -> new SinkRunner(i, s, supervisor, journals.data(s.name()), journals.errors(s.name()), handler,
            options.faults());
        default -> throw new FlowException("stage '" + s.name() + "': kind " + s.kind() + " is not supported yet", s.name(), null);
      };
      if (s.kind().hasOutput()) {
        ReaderWakeup wakeup = new ReaderWakeup();
        RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, def.bufferSize(), wakeup);
        r.attachOutput(new StageOutput(r, ring, wakeup, journals.data(s.name()), i, s.name(), options.faults()));
      }
      runners.add(r);
      byName.put(s.name(), r);
    }
    for (StageRunner reader : runners) {
      List<EdgeInput> inputs = new ArrayList<>();
      for (EdgeDefinition e : def.inputsOf(reader.name())) {
        StageRunner writer = byName.get(e.from());
        inputs.add(new EdgeInput(reader, writer));
        writer.output().wakeup().addReader(reader.parker());
      }
      reader.attachInputs(inputs);
    }
    return runners;
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
      case SINK -> Sink.class;
      default -> Object.class;
    };
    if (handler == null) {
      throw new FlowException("flow '" + def.name() + "': stage '" + s.name() + "': its method " + s.method()
          + "() returned null; it must return a " + expected.getSimpleName(), s.name(), null);
    }
    if (!expected.isInstance(handler)) {
      throw new FlowException("flow '" + def.name() + "': stage '" + s.name() + "' is declared " + s.kind()
          + " but its method " + s.method() + "() returned a " + handler.getClass().getName(), s.name(), null);
    }
    return handler;
  }

  private static String newRunId() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-" + ProcessHandle.current().pid() + "-"
        + RUNS.incrementAndGet();
  }
}

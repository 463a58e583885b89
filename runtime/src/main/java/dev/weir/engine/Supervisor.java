package dev.weir.engine;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import dev.weir.contract.ContractViolation;
import dev.weir.flow.RecordKind;
import dev.weir.event.SystemEvent;
import dev.weir.flow.ContractState;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.EdgeStatus;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.FlowStatus;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageResult;
import dev.weir.flow.StageState;
import dev.weir.flow.StageStatus;
import dev.weir.flow.StopMode;
import dev.weir.journal.Journal;
import dev.weir.journal.JournalException;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunJournals;
import dev.weir.middleware.StageMiddleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline supervisor: a state machine driven by the evidence and commands on its own
 * multi-producer ring (never the data rings), journaling every step to the system journal.
 * {@code CREATED -> MATERIALIZING -> MATERIALIZED -> RUNNING -> DRAINING -> COMPLETED}, or
 * {@code FAILED}, or {@code CANCELLED}. The flow completes when every stage completed and every
 * required contract (transport per edge, delivery per sink, source per source) passed.
 */
final class Supervisor implements EventHandler<SupervisorSlot> {

  /** Lifecycle only (each state the flow enters); nothing per event. */
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private static final int RING_SIZE = 4096;
  private static final long TICK_MILLIS = 250; // deadline checks only: evidence wakes the supervisor
  /**
   * After halt, how long stage threads get to end before they are interrupted, and then again after
   * the interrupt. Short, so that a stop with deadline D ends within about D + 1 s even when a
   * handler ignores interrupts; a thread still alive is reported in {@link FlowResult#lingeringStages()}.
   */
  private static final long JOIN_GRACE_MILLIS = 300;
  private static final long JOIN_AFTER_INTERRUPT_MILLIS = 300;
  /** How long {@link #awaitThreadEnd()} waits for the supervisor thread, which ends right after the result. */
  private static final long SUPERVISOR_END_MILLIS = 3_000;

  private final FlowDefinition definition;
  private final String runId;
  private final RunJournals journals;
  private final Journal system;
  private JournalException systemJournalFailure;
  private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
  private final boolean manualStart;
  private final Duration stopDeadline;
  private final RingBuffer<SupervisorSlot> ring;
  private final BatchEventProcessor<SupervisorSlot> processor;
  private final CompletableFuture<FlowResult> result = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();

  private volatile FlowState state = FlowState.CREATED;
  private volatile Thread thread;
  private volatile boolean sourcesReleased;

  // Owned by the supervisor thread once it runs (by the starting thread before that).
  private volatile List<StageRunner> runners = List.of(); // set once, before the stage threads start
  private final Set<String> required = new HashSet<>();
  private final Set<String> passed = new HashSet<>();
  private final Set<Integer> completed = new HashSet<>();
  private int nonSources;
  private int nonSourcesRunning;
  private int sources;
  private int sourcesCompleted;
  private boolean startRequested;
  private long drainDeadline = Long.MAX_VALUE;
  private String stopReason;
  private long systemSeq;

  Supervisor(FlowDefinition definition, String runId, RunJournals journals, boolean manualStart, Duration stopDeadline) {
    this.definition = definition;
    this.runId = runId;
    this.journals = journals;
    this.system = journals.system();
    this.systemSeq = system.lastSeq(); // a resumed run's system journal goes on after the interrupted run's records
    this.manualStart = manualStart;
    this.stopDeadline = stopDeadline;
    this.ring = RingBuffer.createMultiProducer(SupervisorSlot::new, RING_SIZE,
        new LiteTimeoutBlockingWaitStrategy(TICK_MILLIS, TimeUnit.MILLISECONDS));
    this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), this);
    this.processor.setExceptionHandler(new SupervisorFailure());
    ring.addGatingSequences(processor.getSequence());
  }

  FlowState state() {
    return state;
  }

  FlowDefinition definition() {
    return definition;
  }

  CompletableFuture<FlowResult> result() {
    return result;
  }

  /**
   * After the result is known: waits (briefly: it is on its way out) for the supervisor thread to
   * end, so that a caller who got the result finds no thread of the run left.
   */
  void awaitThreadEnd() throws InterruptedException {
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      t.join(SUPERVISOR_END_MILLIS);
    }
  }

  boolean sourcesReleased() {
    return sourcesReleased;
  }

  // ---- called by the starting thread, before the supervisor thread runs ----

  void materializing() {
    transition(FlowState.MATERIALIZING, "materializing " + definition.stages().size() + " stages, "
        + definition.edges().size() + " edges");
  }

  /** Ends a run that could not be materialized: nothing was started. */
  void failBeforeStart(FlowException failure) {
    journal(SystemEvent.Type.STAGE_FAILED, failure.stage().orElse("flow"), failure.getMessage());
    transition(FlowState.FAILED, failure.getMessage());
    FlowException closing = closeJournals(FlowState.FAILED, failure.getMessage());
    if (closing != null) {
      failure.addSuppressed(closing);
    }
    result.complete(new FlowResult(definition.name(), runId, FlowState.FAILED, failure, List.of(), elapsed()));
  }

  /** Takes the materialized stages, then starts the supervisor thread and every stage thread. */
  void launch(List<StageRunner> stageRunners) {
    this.runners = List.copyOf(stageRunners);
    for (StageRunner r : runners) {
      if (r.definition().kind() == StageKind.SOURCE) {
        sources++;
        required.add("source " + r.name());
      } else {
        nonSources++;
      }
      if (r.definition().kind() == StageKind.SINK) {
        required.add("delivery " + r.name());
      }
      for (StageInput in : r.inputs()) {
        required.add("transport " + in.edge());
      }
    }
    List<StageRunner> hosts = runners.stream().filter(r -> r.host() == null).toList();
    transition(FlowState.MATERIALIZED, runners.size() + " stages on " + hosts.size()
        + (hosts.size() == 1 ? " thread, " : " threads, ") + required.size() + " contracts to hold");
    flushSystem();
    Thread supervisorThread = new Thread(processor, "weir-" + definition.name() + "-supervisor");
    supervisorThread.setDaemon(true);
    thread = supervisorThread;
    supervisorThread.start();
    for (StageRunner r : hosts) {
      Thread t = new Thread(r, "weir-" + definition.name() + "-" + r.name());
      t.setDaemon(true);
      r.bindThread(t);
    }
    for (StageRunner r : runners) {
      if (r.host() != null) {
        r.bindThread(r.threadHead().thread()); // a fused stage: its emits and parks are its host thread's
      }
    }
    for (StageRunner r : hosts) {
      r.thread().start();
    }
  }

  // ---- called from any thread: evidence and commands go through the ring ----

  void stageRunning(StageRunner r) {
    publish(SystemEvent.Type.STAGE_RUNNING, r.index(), r.name(), "thread " + Thread.currentThread().getName(), null, null);
  }

  void stageCompleted(StageRunner r) {
    r.live().state(StageState.COMPLETED);
    StageResult s = r.result();
    publish(SystemEvent.Type.STAGE_COMPLETED, r.index(), r.name(),
        "received " + s.received() + ", emitted " + s.emitted() + ", errors " + s.errors()
            + (s.retries() + s.fallbacks() == 0 ? "" : ", retries " + s.retries() + ", fallbacks " + s.fallbacks())
            + (r.completionNote().isEmpty() ? "" : "; " + r.completionNote()), null, null);
  }

  void stageFailed(StageRunner r, String message, Throwable cause) {
    r.live().state(StageState.FAILED);
    publish(SystemEvent.Type.STAGE_FAILED, r.index(), r.name(), message, cause, null);
  }

  /**
   * A stage's middleware changed state (a breaker's transition, a rate limit saturating or
   * releasing). It may come from the thread that completed an async call, even after the run
   * ended: then nobody reads the ring, and the event is dropped rather than block that thread.
   */
  void middlewareChanged(StageRunner r, SystemEvent.Type type, String detail) {
    while (!state.isTerminal()
        && !ring.tryPublishEvent((slot, seq) -> slot.set(type, r.index(), r.name(), detail, null, null))) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    }
  }

  void contractPassed(String contract, String evidence) {
    publish(SystemEvent.Type.CONTRACT_PASSED, -1, contract, evidence, null, null);
  }

  void contractFailed(StageRunner r, ContractViolation violation) {
    publish(SystemEvent.Type.CONTRACT_FAILED, r.index(), violation.contract() + " " + violation.subject(),
        violation.evidence(), null, null);
  }

  void requestStop(StopMode mode, String reason) {
    command(SystemEvent.Type.STOP_REQUESTED, mode.name() + " " + reason, mode);
  }

  void requestStart() {
    command(SystemEvent.Type.START_REQUESTED, "start", null);
  }

  /**
   * Hands a command to the supervisor: never dropped while the run goes on (a full ring is waited
   * out), never blocking once the run has ended (its supervisor no longer reads the ring).
   */
  private void command(SystemEvent.Type type, String detail, StopMode mode) {
    while (!state.isTerminal()
        && !ring.tryPublishEvent((slot, seq) -> slot.set(type, -1, "flow", detail, null, mode))) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    }
  }

  private void publish(SystemEvent.Type type, int stage, String subject, String detail, Throwable cause, StopMode mode) {
    ring.publishEvent((slot, seq) -> slot.set(type, stage, subject, detail, cause, mode));
  }

  // ---- the state machine, on the supervisor thread ----

  @Override
  public void onEvent(SupervisorSlot e, long sequence, boolean endOfBatch) {
    try {
      if (!state.isTerminal()) {
        handle(e);
      }
    } finally {
      e.clear();
    }
    if (endOfBatch) {
      flushSystem();
    }
  }

  private void handle(SupervisorSlot e) {
    journal(e.type, e.subject, e.detail);
    switch (e.type) {
      case STAGE_RUNNING -> {
        if (runners.get(e.stage).definition().kind() != StageKind.SOURCE) {
          nonSourcesRunning++;
        }
        maybeReleaseSources();
      }
      case BREAKER_TRANSITION, RATE_LIMIT_SATURATED, RATE_LIMIT_RELEASED -> {
        // evidence only: journaled above
      }
      case START_REQUESTED -> {
        startRequested = true;
        maybeReleaseSources();
      }
      case STAGE_COMPLETED -> {
        completed.add(e.stage);
        if (runners.get(e.stage).definition().kind() == StageKind.SOURCE) {
          sourcesCompleted++;
          if (sourcesCompleted == sources && state == FlowState.RUNNING) {
            transition(FlowState.DRAINING, "every source wrote its end of stream");
          }
        }
        checkCompletion();
      }
      case CONTRACT_PASSED -> {
        passed.add(e.subject);
        checkCompletion();
      }
      case CONTRACT_FAILED -> finish(FlowState.FAILED,
          new FlowException(e.subject + " contract failed: " + e.detail, stageName(e.stage), null));
      case STAGE_FAILED -> finish(FlowState.FAILED, new FlowException(e.detail, stageName(e.stage), e.cause));
      case STOP_REQUESTED -> {
        String reason = e.detail.substring(e.detail.indexOf(' ') + 1);
        if (e.stopMode == StopMode.CANCEL) {
          finish(FlowState.CANCELLED, new FlowException("flow '" + definition.name() + "' cancelled " + reason));
        } else {
          if (stopReason == null && sourcesCompleted < sources) { // a stop after every source ended changes nothing
            stopReason = reason;
          }
          drainDeadline = System.nanoTime() + stopDeadline.toNanos();
          for (StageRunner r : runners) {
            if (r instanceof SourceRunner s) {
              s.requestStop();
            }
          }
          releaseSources();
          if (state != FlowState.DRAINING) {
            transition(FlowState.DRAINING, "graceful stop: sources stop and write their end of stream");
          }
        }
      }
      default -> throw new IllegalStateException("unexpected supervisor event " + e.type);
    }
  }

  @Override
  public void onTimeout(long sequence) {
    if (!state.isTerminal() && System.nanoTime() > drainDeadline) {
      List<String> running = new ArrayList<>();
      for (StageRunner r : runners) {
        if (!completed.contains(r.index())) {
          running.add(r.name());
        }
      }
      finish(FlowState.CANCELLED, new FlowException("graceful stop of flow '" + definition.name() + "' ("
          + stopReason + ") did not finish within " + seconds(stopDeadline) + ": escalated to cancel; stages still running: "
          + running));
    }
  }

  /** How a completed run ended: on its own, or drained after a graceful stop (and why it was stopped). */
  private String completedDetail() {
    String done = "every stage completed and " + required.size() + " contracts passed";
    return stopReason == null ? done
        : Manifest.STOPPED_GRACEFULLY + " (" + stopReason + "): the sources stopped before their end and everything they emitted was"
            + " delivered; " + done;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private void maybeReleaseSources() {
    if (state == FlowState.MATERIALIZED && nonSourcesRunning == nonSources && (!manualStart || startRequested)) {
      transition(FlowState.RUNNING, manualStart ? "started on request" : "every non-source stage runs: sources start");
      releaseSources();
    }
  }

  private void releaseSources() {
    sourcesReleased = true;
    for (StageRunner r : runners) {
      if (r.definition().kind() == StageKind.SOURCE) {
        r.parker().wakeAlways();
      }
    }
  }

  private void checkCompletion() {
    if (completed.size() == runners.size() && passed.containsAll(required)) {
      finish(FlowState.COMPLETED, null);
    }
  }

  private void finish(FlowState terminal, FlowException failure) {
    if (state.isTerminal()) {
      return;
    }
    transition(terminal, failure == null ? completedDetail() : failure.getMessage());
    flushSystem();
    for (StageRunner r : runners) {
      r.halt();
    }
    List<StageRunner> alive = joinStages();
    alive.forEach(r -> journals.abandon(r.name())); // their threads may still append: leave their journals alone
    List<String> stuck = new ArrayList<>(); // per thread still running, the stage it is in
    for (StageRunner r : alive) {
      if (r.host() == null) {
        stuck.add(r.activeOnThread().name());
      }
    }
    if (!stuck.isEmpty()) {
      String note = "stage threads did not stop within " + (JOIN_GRACE_MILLIS + JOIN_AFTER_INTERRUPT_MILLIS)
          + " ms of halt and interrupt (a handler that ignores interrupts?), still running: " + stuck;
      journal(SystemEvent.Type.STAGE_FAILED, "flow", note);
      if (failure == null) {
        failure = new FlowException("flow '" + definition.name() + "': " + note);
      } else {
        FlowException withNote = new FlowException(failure.getMessage() + "; " + note, failure.stage().orElse(null),
            failure.getCause());
        withNote.setStackTrace(failure.getStackTrace());
        failure = withNote;
      }
    }
    FlowException closing = closeJournals(terminal, failure == null ? completedDetail() : failure.getMessage());
    if (closing != null && failure == null) {
      terminal = FlowState.FAILED;
      failure = closing;
      state = terminal;
    }
    List<StageResult> stages = new ArrayList<>();
    for (StageRunner r : runners) {
      stages.add(r.result());
    }
    result.complete(new FlowResult(definition.name(), runId, terminal, failure, stages, elapsed(), stuck,
        failure == null ? completedDetail() : failure.getMessage()));
    processor.halt();
  }

  /**
   * A snapshot of the run: from any thread, without stopping a stage. Each stage's counts are those
   * it published at the end of its last batch; an edge's lag is what its writer journaled that its
   * reader has not read (read in that order, so it is never negative).
   */
  FlowStatus status() {
    List<StageRunner> all = runners;
    List<StageStatus> stages = new ArrayList<>(all.size());
    List<EdgeStatus> edges = new ArrayList<>();
    for (StageRunner r : all) {
      LiveStage live = r.live();
      StageMiddleware m = r.middleware();
      stages.add(new StageStatus(r.name(), r.definition().kind(), live.state(), live.received(), live.emitted(),
          live.errors(), live.errorsByKind(), r.output() == null ? 0 : r.output().ringOccupancy(), live.blockedNanos(),
          m == null ? 0 : m.retryCount(), m == null ? 0 : m.fallbackCount(), m == null ? "none" : m.breakerState(),
          m == null ? 0 : m.rateLimitWaitNanos(), m == null ? Map.of() : m.breakerTransitions()));
    }
    for (EdgeDefinition e : definition.edges()) {
      StageRunner reader = runner(all, e.to());
      StageRunner writer = runner(all, e.from());
      long lag = 0;
      ContractState contract = ContractState.PENDING;
      long checks = 0;
      long failures = 0;
      if (reader != null && writer != null) {
        StageInput[] inputs = reader.inputs();
        for (int i = 0; i < inputs.length; i++) {
          if (inputs[i].writer() == writer) {
            long read = reader.live().inputReceived(i);
            lag = Math.max(0, writer.live().emitted() - read);
            if (inputs[i] instanceof EdgeReader edge) {
              contract = edge.contractState();
              checks = edge.contractChecks();
              failures = edge.contractFailures();
            }
          }
        }
      }
      edges.add(new EdgeStatus(e.from(), e.to(), e.kind(), lag, contract, checks, failures));
    }
    FlowResult done = result.getNow(null);
    long elapsed = done != null ? done.elapsed().toMillis() : elapsed().toMillis();
    return new FlowStatus(definition.name(), runId, done != null ? done.state() : state, elapsed, stages, edges);
  }

  /** Every stage runner, in definition order; empty before the stages are built. */
  List<StageRunner> runners() {
    return runners;
  }

  /** The stage named {@code name}, or null (also before the stages are built). */
  StageRunner runner(String name) {
    return runner(runners, name);
  }

  private static StageRunner runner(List<StageRunner> all, String name) {
    for (StageRunner r : all) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  /** Closes {@code resource} when the run ends (an archive being replayed, say). */
  void closeAtEnd(AutoCloseable resource) {
    closeAtEnd.add(resource);
  }

  /** Flushes the system journal, records the end and closes every journal; returns what failed. */
  private FlowException closeJournals(FlowState terminal, String detail) {
    for (AutoCloseable c : closeAtEnd) {
      try {
        c.close();
      } catch (Exception ignored) {
        // read-only resources: nothing is lost when they fail to close
      }
    }
    try {
      system.flush();
    } catch (JournalException e) {
      noteSystemJournalFailure(e);
    }
    FlowState recorded = systemJournalFailure != null ? FlowState.FAILED : terminal;
    try {
      journals.complete(recorded, systemJournalFailure != null ? systemJournalFailure.getMessage() : detail);
      journals.close();
    } catch (RuntimeException e) {
      return new FlowException("closing the journals of flow '" + definition.name() + "' failed: " + e.getMessage(), null, e);
    }
    if (systemJournalFailure != null) {
      return new FlowException("the system journal of flow '" + definition.name() + "' failed: "
          + systemJournalFailure.getMessage(), null, systemJournalFailure);
    }
    return null;
  }

  private void noteSystemJournalFailure(JournalException e) {
    if (systemJournalFailure == null) {
      systemJournalFailure = e;
    }
  }

  /** Joins the stage threads, interrupting what is left; returns the stages whose thread is still alive. */
  private List<StageRunner> joinStages() {
    List<StageRunner> stuck = new ArrayList<>();
    long deadline = System.currentTimeMillis() + JOIN_GRACE_MILLIS;
    for (StageRunner r : runners) {
      join(r.thread(), deadline);
    }
    deadline = System.currentTimeMillis() + JOIN_AFTER_INTERRUPT_MILLIS;
    for (StageRunner r : runners) {
      if (r.thread().isAlive()) {
        r.thread().interrupt();
      }
    }
    for (StageRunner r : runners) {
      join(r.thread(), deadline);
      if (r.thread().isAlive()) {
        stuck.add(r);
      }
    }
    return stuck;
  }

  private static void join(Thread t, long deadlineMillis) {
    long wait = deadlineMillis - System.currentTimeMillis();
    if (wait > 0 && t.isAlive()) {
      try {
        t.join(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void flushSystem() {
    try {
      system.flush();
    } catch (JournalException e) {
      noteSystemJournalFailure(e);
    }
  }

  private String stageName(int index) {
    return index >= 0 && index < runners.size() ? runners.get(index).name() : null;
  }

  private void transition(FlowState next, String why) {
    state = next;
    journal(SystemEvent.Type.FLOW_STATE, "flow", next + ": " + why);
    if (next == FlowState.FAILED) {
      LOG.warn("flow {} run {}: {}: {}", definition.name(), runId, next, why);
    } else {
      LOG.info("flow {} run {}: {}: {}", definition.name(), runId, next, why);
    }
  }

  private void journal(SystemEvent.Type type, String subject, String detail) {
    if (systemJournalFailure != null) {
      return;
    }
    try {
      system.append(systemSeq + 1, RecordKind.SYSTEM, -1, 0, -1, 0, 0, 0, System.currentTimeMillis(),
          new SystemEvent(type, subject, detail));
      systemSeq++;
    } catch (JournalException e) {
      noteSystemJournalFailure(e); // the run fails at its end with this cause; supervising goes on
    }
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** A failure inside the supervisor itself ends the flow; it never leaves a silent dead thread. */
  private final class SupervisorFailure implements ExceptionHandler<SupervisorSlot> {
    @Override
    public void handleEventException(Throwable ex, long sequence, SupervisorSlot event) {
      FlowException failure = new FlowException("engine failure in the supervisor of flow '" + definition.name()
          + "': " + ex, null, ex);
      try {
        finish(FlowState.FAILED, failure);
      } finally {
        if (!result.isDone()) { // finish itself failed: still give the caller an answer
          state = FlowState.FAILED;
          result.complete(new FlowResult(definition.name(), runId, FlowState.FAILED, failure, List.of(), elapsed()));
          processor.halt();
        }
      }
    }

    @Override
    public void handleOnStartException(Throwable ex) {
      handleEventException(ex, -1, null);
    }

    @Override
    public void handleOnShutdownException(Throwable ex) {
      // Nothing is left to supervise at shutdown.
    }
  }
}

package dev.weir.test;

import dev.weir.engine.EngineAccess;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.FlowStatus;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.RunView;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageState;
import dev.weir.flow.StageStatus;
import dev.weir.flow.StopMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of a flow under {@link FlowTestKit}: finished ({@link FlowTestKit#complete()}) or still
 * going ({@link FlowTestKit#start()}). Read what each stage emitted and dead-lettered, assert on it
 * with {@link #assertStage(String)}, and, while it runs, feed its {@link TestSource}s, wait for it to
 * {@link #settle()} and {@link #advanceClock(Duration) advance its clock}. Every stage name is
 * checked: an unknown one fails, listing the flow's stages.
 */
public final class FlowTestRun implements AutoCloseable {

  private static final long POLL_NANOS = 200_000L;

  private final FlowHandle handle;
  private final ManualTimerClock clock;
  private final Map<String, TestSource<?>> testSources;
  private final Duration timeout;

  FlowTestRun(FlowHandle handle, ManualTimerClock clock, Map<String, TestSource<?>> testSources, Duration timeout) {
    this.handle = handle;
    this.clock = clock;
    this.testSources = Map.copyOf(testSources);
    this.timeout = timeout;
  }

  /** The running flow, for anything this class does not cover. */
  public FlowHandle handle() {
    return handle;
  }

  /** The run's journals (memory journals), read-only. */
  public RunView journals() {
    return handle.journals();
  }

  /** How the run ended; waits for its end (failing the test after the kit's timeout). */
  public FlowResult result() {
    return awaitEnd();
  }

  /** Asserts that the run completed (dead letters allowed: see {@link #assertCompletedWithoutErrors()}); waits for its end. */
  public FlowTestRun assertCompleted() {
    FlowResult r = awaitEnd();
    if (r.state() != FlowState.COMPLETED) {
      throw new AssertionError("flow '" + r.flowName() + "' was expected to complete, but it ended " + r.state()
          + r.failure().map(f -> ": " + f.getMessage()).orElse("") + "\n" + r);
    }
    return this;
  }

  /** Asserts that the run completed and no stage dead-lettered anything; waits for its end. */
  public FlowTestRun assertCompletedWithoutErrors() {
    FlowResult r = awaitEnd();
    assertCompleted();
    if (r.errors() > 0) {
      StringBuilder b = new StringBuilder("flow '" + r.flowName() + "' completed with " + r.errors() + " errors, expected none:");
      for (String stage : r.stagesWithErrors()) {
        List<DeadLetter> dead = deadLetters(stage);
        b.append("\n  stage '").append(stage).append("': ").append(r.stage(stage).errors()).append(" errors, first: ")
            .append(dead.isEmpty() ? "?" : StageAssert.describe(dead.get(0)));
      }
      throw new AssertionError(b.toString());
    }
    return this;
  }

  /** Asserts that the run failed and returns its failure, to check its message; waits for its end. */
  public FlowException assertFailed() {
    FlowResult r = awaitEnd();
    if (r.state() != FlowState.FAILED || r.failure().isEmpty()) {
      throw new AssertionError("flow '" + r.flowName() + "' was expected to fail, but it ended " + r.state() + "\n" + r);
    }
    return r.failure().get();
  }

  /** Assertions on stage {@code stage}: what it emitted, received and dead-lettered. */
  public StageAssert assertStage(String stage) {
    FlowStages.find(definition(), stage);
    return new StageAssert(this, stage);
  }

  /**
   * What {@code stage} emitted so far, in order, decoded from its journal; typed by the call's target
   * ({@code List<PricedOrder> priced = run.outputs("validate")}), unchecked: {@link #outputs(String, Class)}
   * checks every element.
   *
   * @throws IllegalArgumentException for an unknown stage, or a sink (which emits nothing: it receipts)
   */
  @SuppressWarnings("unchecked")
  public <T> List<T> outputs(String stage) {
    StageDefinition s = FlowStages.find(definition(), stage);
    if (s.kind() == StageKind.SINK) {
      List<String> upstream = definition().inputsOf(stage).stream().map(EdgeDefinition::from).toList();
      throw new IllegalArgumentException("stage '" + stage + "' of flow '" + definition().name() + "' is a sink: it"
          + " emits nothing (its journal holds receipts); what it received is the outputs of " + upstream
          + ", or collect it with replacing(\"" + stage + "\", Sinks.collect(list))");
    }
    return (List<T>) journals().data(stage).events();
  }

  /**
   * As {@link #outputs(String)}, checking that every output is a {@code type}.
   *
   * @throws AssertionError naming the stage, the index and both types when one is not
   */
  public <T> List<T> outputs(String stage, Class<T> type) {
    Objects.requireNonNull(type, "type");
    List<Object> all = outputs(stage);
    List<T> typed = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Object o = all.get(i);
      if (!type.isInstance(o)) {
        throw new AssertionError("stage '" + stage + "' of flow '" + definition().name() + "': output " + i + " is a "
            + o.getClass().getName() + " (" + o + "), not a " + type.getName() + "; the stage emits "
            + FlowStages.find(definition(), stage).output().typeName());
      }
      typed.add(type.cast(o));
    }
    return typed;
  }

  /** The data journal's records of {@code stage}: data events with their parents, receipts, its end of stream. */
  public List<JournalRecord> records(String stage) {
    FlowStages.find(definition(), stage);
    return journals().data(stage).readAll();
  }

  /** The inputs {@code stage} failed on, in order, each with its kind, message and input. */
  public List<DeadLetter> deadLetters(String stage) {
    FlowStages.find(definition(), stage);
    return journals().errors(stage).deadLetters();
  }

  /**
   * Waits until the flow has handled everything it was given so far: every {@link TestSource} has
   * emitted all that was sent to it, every other source has ended, every stage has read all its
   * inputs emitted, and (with the manual clock) no timer is due. Returns at once for a run that ended.
   *
   * @throws AssertionError when that takes longer than the kit's timeout, saying which stage is behind
   */
  public FlowTestRun settle() {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (;;) {
      if (handle.state().isTerminal()) {
        return this;
      }
      String behind = behind();
      if (behind == null) {
        return this;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("flow '" + definition().name() + "' did not settle within " + timeout + ": " + behind);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Moves the manual clock forward by {@code by}, firing every stage timer and ending every
   * middleware wait (backoff, permit, breaker wait, timeout) that falls due on the way, each at its
   * own deadline and in deadline order, and waits for what each emitted to be handled: first the flow {@link #settle() settles} (so a timer fires after everything sent before
   * this call), then for each deadline up to the new time the clock is set to it, the timer fires,
   * and the flow settles again. {@code advanceClock(Duration.ofSeconds(35))} with
   * {@code EmitPolicy.every(Duration.ofSeconds(10))} fires at 10 s, 20 s and 30 s.
   *
   * @throws IllegalStateException without {@link FlowTestKit#withManualClock()}
   */
  public FlowTestRun advanceClock(Duration by) {
    Objects.requireNonNull(by, "by");
    if (clock == null) {
      throw new IllegalStateException("flow '" + definition().name() + "': advanceClock needs a manual clock;"
          + " set the run up with FlowTestKit.run(...).withManualClock()");
    }
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock does not go back: advanceClock(" + by + ")");
    }
    long target = Math.addExact(clock.nanoTime(), by.toNanos());
    settle();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (;;) {
      if (handle.state().isTerminal()) {
        break;
      }
      long due = Math.min(EngineAccess.nextTimerDeadline(handle), clock.nextWaitDeadline());
      if (due > target) {
        break;
      }
      clock.set(Math.max(due, clock.nanoTime()));
      while (!handle.state().isTerminal() && (EngineAccess.nextTimerDeadline(handle) <= clock.nanoTime()
          || clock.nextWaitDeadline() <= clock.nanoTime())) {
        EngineAccess.wakeTimerStages(handle);
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("flow '" + definition().name() + "': a timer or a middleware wait due at "
              + Duration.ofNanos(due) + " did not end within " + timeout);
        }
        LockSupport.parkNanos(POLL_NANOS);
      }
      settle();
    }
    clock.set(target);
    return this;
  }

  /** The manual clock's time since the run started. */
  public Duration clockTime() {
    if (clock == null) {
      throw new IllegalStateException("flow '" + definition().name() + "' runs on the system clock; set the run up"
          + " with withManualClock() to have one the test controls");
    }
    return Duration.ofNanos(clock.nanoTime());
  }

  /** Stops the run gracefully (its sources end; what they emitted drains) and waits for its end. */
  public FlowResult stop() {
    handle.stop(StopMode.GRACEFUL, "stopped by the test");
    return awaitEnd();
  }

  /** Stops a run that is still going, gracefully, and waits for it. */
  @Override
  public void close() {
    handle.close();
  }

  FlowDefinition definition() {
    return handle.definition();
  }

  FlowStatus status() {
    return handle.status();
  }

  FlowResult awaitEnd() {
    Optional<FlowResult> r;
    try {
      r = handle.await(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handle.stop(StopMode.CANCEL, "the test was interrupted");
      throw new AssertionError("interrupted while waiting for flow '" + definition().name() + "' to end", e);
    }
    if (r.isEmpty()) {
      String behind = behind();
      List<String> open = testSources.keySet().stream().filter(s -> !endedSource(s)).sorted().toList();
      handle.stop(StopMode.CANCEL, "the test's timeout passed");
      throw new AssertionError("flow '" + definition().name() + "' did not end within " + timeout
          + (open.isEmpty() ? "" : "; test sources never ended (call end() on them): " + open)
          + (behind == null ? "" : "; " + behind) + "; stages: " + stageStates());
    }
    return r.get();
  }

  private boolean endedSource(String stage) {
    return handle.status().stage(stage).map(s -> s.state() != StageState.RUNNING && s.state() != StageState.CREATED)
        .orElse(false);
  }

  private List<String> stageStates() {
    return handle.status().stages().stream().map(s -> s.name() + " " + s.state()).toList();
  }

  /** What the flow has not yet handled, in words; null when it has settled. */
  private String behind() {
    FlowStatus st = handle.status();
    if (st.stages().isEmpty()) {
      return "the run has not built its stages yet";
    }
    if (!EngineAccess.timersDecided(handle)) {
      return "a stateful stage has not read its emit policy yet";
    }
    for (StageDefinition s : definition().stages()) {
      StageStatus ss = st.stage(s.name()).orElse(null);
      if (ss == null || ss.state() == StageState.CREATED) {
        return "stage '" + s.name() + "' has not started";
      }
      if (ss.state() != StageState.RUNNING) {
        continue;
      }
      Optional<Long> wait = clock == null ? Optional.empty() : clock.waitOf(s.name());
      if (wait.isPresent()) {
        if (wait.get() <= clock.nanoTime()) {
          return "stage '" + s.name() + "' has not yet ended its middleware wait due at " + Duration.ofNanos(wait.get());
        }
        continue; // it waits for the clock: only advanceClock moves it on
      }
      if (s.kind() == StageKind.SOURCE) {
        TestSource<?> fed = testSources.get(s.name());
        if (fed == null) {
          return "source '" + s.name() + "' is still running (only a TestSource can settle before its end)";
        }
        if (ss.emitted() + ss.errors() < fed.sent()) {
          return "source '" + s.name() + "' emitted " + ss.emitted() + " of the " + fed.sent() + " items sent to it";
        }
      } else {
        long upstream = 0;
        for (EdgeDefinition e : definition().inputsOf(s.name())) {
          upstream += st.stage(e.from()).map(StageStatus::emitted).orElse(0L);
        }
        if (ss.received() < upstream) {
          return "stage '" + s.name() + "' read " + ss.received() + " of the " + upstream + " events its inputs emitted";
        }
      }
    }
    if (clock != null && EngineAccess.nextTimerDeadline(handle) <= clock.nanoTime()) {
      return "a timer is due at " + Duration.ofNanos(EngineAccess.nextTimerDeadline(handle));
    }
    return null;
  }
}

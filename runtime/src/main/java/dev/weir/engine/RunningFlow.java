package dev.weir.engine;

import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.FlowStatus;
import dev.weir.flow.StopMode;
import dev.weir.journal.RunJournals;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@link FlowHandle} of a run on this engine. */
final class RunningFlow implements FlowHandle {

  private final String flowName;
  private final String runId;
  private final Supervisor supervisor;
  private final RunJournals journals;
  private CompletableFuture<FlowResult> completion;

  RunningFlow(String flowName, String runId, Supervisor supervisor, RunJournals journals) {
    this.flowName = flowName;
    this.runId = runId;
    this.supervisor = supervisor;
    this.journals = journals;
  }

  @Override
  public String flowName() {
    return flowName;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public FlowState state() {
    return supervisor.state();
  }

  @Override
  public void start() {
    supervisor.requestStart();
  }

  @Override
  public void stop(StopMode mode) {
    stop(mode, "on request");
  }

  @Override
  public void stop(StopMode mode, String reason) {
    supervisor.requestStop(Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(reason, "reason"));
  }

  @Override
  public FlowResult await() throws InterruptedException {
    try {
      FlowResult result = supervisor.result().get();
      supervisor.awaitThreadEnd();
      return result;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the supervisor of flow '" + flowName + "' ended without a result", e.getCause());
    }
  }

  @Override
  public Optional<FlowResult> await(Duration timeout) throws InterruptedException {
    try {
      FlowResult result = supervisor.result().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      supervisor.awaitThreadEnd();
      return Optional.of(result);
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the supervisor of flow '" + flowName + "' ended without a result", e.getCause());
    }
  }

  @Override
  public synchronized CompletionStage<FlowResult> completion() {
    if (completion == null) {
      // the result is set before the supervisor thread has ended; await that end off the caller's thread
      completion = supervisor.result().thenApplyAsync(result -> {
        try {
          supervisor.awaitThreadEnd();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return result;
      }, task -> {
        Thread t = new Thread(task, "weir-" + flowName + "-completion");
        t.setDaemon(true);
        t.start();
      });
    }
    return completion.minimalCompletionStage();
  }

  @Override
  public void close() {
    if (!supervisor.result().isDone()) {
      stop(StopMode.GRACEFUL, "closed");
    }
    awaitQuietly();
  }

  private void awaitQuietly() {
    try {
      await();
    } catch (InterruptedException e) {
      stop(StopMode.CANCEL, "closed, then interrupted while waiting");
      Thread.currentThread().interrupt();
    }
  }

  /** Every stage runner, in definition order. */
  java.util.List<StageRunner> runners() {
    return supervisor.runners();
  }

  /** The stage named {@code name}, or null. */
  StageRunner runner(String name) {
    return supervisor.runner(name);
  }

  @Override
  public FlowStatus status() {
    return supervisor.status();
  }

  @Override
  public FlowDefinition definition() {
    return supervisor.definition();
  }

  @Override
  public RunJournals journals() {
    return journals;
  }

  @Override
  public String toString() {
    return "FlowHandle[" + flowName + " " + runId + " " + state() + "]";
  }
}

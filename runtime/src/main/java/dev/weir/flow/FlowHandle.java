package dev.weir.flow;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A running flow: watch it, stop it, wait for its result. Starting a flow returns a handle even when
 * the run fails while materializing (the failure is in its {@link FlowResult}); only a failure to
 * open the run's journals throws a {@link FlowException} from the start call instead, with nothing
 * left open and, on disk, a manifest that says FAILED with the reason.
 *
 * <p>A handle is {@link AutoCloseable}: in a try-with-resources block, leaving the block stops the
 * run gracefully (cancelling it after the builder's stop deadline) and waits for it to end.
 */
public interface FlowHandle extends AutoCloseable {

  /** The flow's name. */
  String flowName();

  /** This run's id. */
  String runId();

  /** Where the run is now. */
  FlowState state();

  /** Starts the sources of a flow built with manual start; a no-op otherwise. */
  void start();

  /** Asks the run to end: see {@link StopMode}. Returns at once; {@link #await()} waits. */
  void stop(StopMode mode);

  /**
   * As {@link #stop(StopMode)}, saying why ({@code "SIGINT"}, {@code "deploy"}): the reason is
   * journaled and is part of how the run ended, in its result and its manifest.
   */
  void stop(StopMode mode, String reason);

  /** Waits for the run to end and returns how it ended. Never throws for a failed run. */
  FlowResult await() throws InterruptedException;

  /** As {@link #await()}, giving up after {@code timeout}. */
  Optional<FlowResult> await(Duration timeout) throws InterruptedException;

  /**
   * Completes with the run's result once the run has ended, as {@link #await()} returns it; never
   * completes exceptionally for a failed run. Completing the returned stage yourself has no effect on the run.
   */
  CompletionStage<FlowResult> completion();

  /**
   * Stops the run gracefully if it is still going ({@link StopMode#GRACEFUL}, reason {@code "closed"},
   * escalating to cancel after the builder's stop deadline) and waits for it to end; a no-op for a
   * run that ended. Interrupted while waiting, it cancels the run, keeps the interrupt flag set
   * and returns.
   */
  @Override
  void close();

  /**
   * A snapshot of the run while it goes (and after it ended): the flow's state, elapsed time, and per
   * stage its state and counts as of its last finished batch, per edge its lag. Cheap enough to poll
   * a few times a second; never stops a stage.
   */
  FlowStatus status();

  /** The definition this run was started from: its stages, edges and resolved middleware. */
  FlowDefinition definition();

  /** This run's journals, read-only: every stage's data and error journal and the system journal. */
  RunView journals();
}

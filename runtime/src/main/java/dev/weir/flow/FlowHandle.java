package dev.weir.flow;

import dev.weir.journal.RunJournals;
import java.time.Duration;
import java.util.Optional;

/**
 * A running flow: watch it, stop it, wait for its result. Starting a flow returns a handle even when
 * the run fails while materializing (the failure is in its {@link FlowResult}); only a failure to
 * open the run's journals throws a {@link FlowException} from the start call instead, with nothing
 * left open and, on disk, a manifest that says FAILED with the reason.
 */
public interface FlowHandle {

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

  /** This run's journals: every stage's data and error journal and the system journal. */
  RunJournals journals();
}

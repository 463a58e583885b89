package dev.weir.engine;

import dev.weir.flow.Journals;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs a flow.
 *
 * @param journals where the run's journals go
 * @param manualStart whether sources wait for an explicit start
 * @param stopDeadline how long a graceful stop may drain before it escalates to cancel
 * @param faults faults to inject below the API (tests only); {@link FaultInjector#NONE} otherwise
 */
public record EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults) {

  public EngineOptions {
    Objects.requireNonNull(journals, "journals");
    Objects.requireNonNull(stopDeadline, "stopDeadline");
    Objects.requireNonNull(faults, "faults");
  }

  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline) {
    this(journals, manualStart, stopDeadline, FaultInjector.NONE);
  }
}

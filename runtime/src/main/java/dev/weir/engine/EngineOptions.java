package dev.weir.engine;

import dev.weir.event.CodecRegistry;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.Journals;
import dev.weir.flow.WaitMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs a flow.
 *
 * @param journals where the run's journals go
 * @param manualStart whether sources wait for an explicit start
 * @param stopDeadline how long a graceful stop may drain before it escalates to cancel
 * @param faults faults to inject below the API (tests only); {@link FaultInjector#NONE} otherwise
 * @param replayFrom a run directory whose source journals replace the sources' handlers, or null
 * @param allowIncomplete whether a run that did not complete may be replayed
 * @param archiveKey the HMAC key of the replayed run, or null
 * @param waitMode what idle stage threads do
 * @param codecs the codec of each element type
 * @param settings the run's settings, which the flow object is made with and the manifest records
 */
public record EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults,
    Path replayFrom, boolean allowIncomplete, byte[] archiveKey, WaitMode waitMode, CodecRegistry codecs,
    FlowSettings settings) {

  public EngineOptions {
    Objects.requireNonNull(journals, "journals");
    Objects.requireNonNull(stopDeadline, "stopDeadline");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(waitMode, "waitMode");
    Objects.requireNonNull(codecs, "codecs");
    Objects.requireNonNull(settings, "settings");
  }

  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline, FaultInjector faults) {
    this(journals, manualStart, stopDeadline, faults, null, false, null, WaitMode.PARK, CodecRegistry.defaults(),
        FlowSettings.empty());
  }

  public EngineOptions(Journals journals, boolean manualStart, Duration stopDeadline) {
    this(journals, manualStart, stopDeadline, FaultInjector.NONE);
  }
}

package dev.weir.samples.middlewaredefaults;

import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.dsl.Flow;
import dev.weir.dsl.RateLimit;
import dev.weir.dsl.Retry;
import dev.weir.dsl.Stage;
import dev.weir.dsl.Timeout;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Middleware defaults on the {@code @Flow} class and one stage override. The flow's
 * {@code @RateLimit}, {@code @Retry} and {@code @Timeout} apply to every stage they fit (a source
 * gets no timeout); {@code lookup} declares its own {@code @Retry}, which replaces the flow's for
 * that stage only, while the other defaults stay. Its calls fail three times for every tenth
 * reading: with the flow's two attempts those readings would be dead-lettered; with its own four
 * they all pass. The run prints each stage's resolved stack and where each entry came from.
 */
@Flow(name = "middleware_defaults", topology = {"readings |> calibrate |> lookup |> store"})
@RateLimit(perSecond = 4000, burst = 100)
@Retry(maxAttempts = 2, initialDelay = "1ms", jitter = 0)
@Timeout("2s")
public class MiddlewareDefaults {

  /** How many readings the source emits. */
  static final int READINGS = 200;

  /** Calls of {@code lookup} that fail for each tenth reading before one succeeds. */
  static final int LOOKUP_FAILURES = 3;

  private static final String[] SENSORS = {"north", "south", "east", "west"};

  private final Map<Long, Integer> lookupCalls = new HashMap<>();

  @Stage
  Source<Reading> readings() {
    return Sources.range(READINGS, i -> new Reading(i, SENSORS[(int) (i % SENSORS.length)], 10 + (i * 7) % 30));
  }

  @Stage
  Transform<Reading, Reading> calibrate() {
    return (r, out) -> out.emit(new Reading(r.id(), r.sensor(), Math.round(r.value() * 1.02 * 100) / 100.0));
  }

  @Stage
  @Retry(maxAttempts = 4, initialDelay = "2ms", multiplier = 2.0, maxDelay = "50ms", jitter = 0)
  Transform<Reading, Reading> lookup() {
    return (r, out) -> {
      int call = lookupCalls.merge(r.id(), 1, Integer::sum);
      if (r.id() % 10 == 0 && call <= LOOKUP_FAILURES) {
        throw new IOException("sensor registry busy (call " + call + " for reading " + r.id() + ")");
      }
      out.emit(new Reading(r.id(), r.sensor().toUpperCase(java.util.Locale.ROOT), r.value()));
    };
  }

  @Stage
  Sink<Reading> store() {
    return r -> { };
  }
}

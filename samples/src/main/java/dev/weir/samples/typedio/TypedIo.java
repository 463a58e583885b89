package dev.weir.samples.typedio;

import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.flow.FlowSettings;
import java.nio.file.Path;

/**
 * A source and a sink written by hand: {@link SensorReadings} implements {@link Source} (seeded,
 * finite, with an expected count) and {@link ReportFileSink} implements {@link Sink} (consume,
 * flush, complete, abort). The sink refuses the readings that are fault codes, which land in its
 * error journal: the run completes with those errors (exit code 3) and a report of the rest.
 *
 * <p>Settings ({@code --set key=value}): {@value #SEED} (default {@value #DEFAULT_SEED}),
 * {@value #COUNT}, how many readings (default {@value #DEFAULT_COUNT}), and {@value #REPORT}, the
 * report file (default {@code weir-sensor-report.txt} in the temporary directory).
 */
@Flow(name = "typed_io", topology = {"readings |> report"})
public class TypedIo {

  /** The setting that seeds the readings. */
  public static final String SEED = "typed-io.seed";

  /** The setting that names how many readings the source emits. */
  public static final String COUNT = "typed-io.count";

  /** The setting that names the report file. */
  public static final String REPORT = "typed-io.report";

  /** The seed by default. */
  public static final long DEFAULT_SEED = 42;

  /** Readings by default. */
  public static final long DEFAULT_COUNT = 500;

  private final long seed;
  private final long count;
  private final Path report;

  /** Reads {@value #SEED}, {@value #COUNT} and {@value #REPORT}, all optional. */
  public TypedIo(FlowSettings settings) {
    this.seed = settings.getLong(SEED, DEFAULT_SEED);
    this.count = settings.getLong(COUNT, DEFAULT_COUNT);
    this.report = settings.getPath(REPORT, Path.of(System.getProperty("java.io.tmpdir"), "weir-sensor-report.txt"));
  }

  @Stage
  Source<SensorReading> readings() {
    return new SensorReadings(seed, count);
  }

  @Stage
  Sink<SensorReading> report() {
    return new ReportFileSink(report);
  }
}

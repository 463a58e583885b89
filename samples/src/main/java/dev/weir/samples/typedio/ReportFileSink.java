package dev.weir.samples.typedio;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.StageException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user-written typed {@link Sink}: writes the readings into a text report, one line per reading
 * and a summary per sensor at the end, replacing the report file only once the whole report is
 * written.
 *
 * <p>What the runtime calls, all on the sink's thread: {@link #consume} for each reading; a reading
 * it refuses (a fault code: it is not a temperature) throws a {@link StageException}, and the
 * runtime writes that reading and the message into the stage's error journal (a dead letter) and
 * goes on. {@link #flush} at the end of each batch: the lines taken so far are written to a
 * temporary file next to the report, and only then does the runtime journal the batch's delivery
 * receipts. {@link #complete} once the input ended and everything was flushed: the summary is added
 * and the temporary file moved over the report. {@link #abort} instead when the run fails or is
 * cancelled: the temporary file is deleted and the old report stays as it was.
 */
public final class ReportFileSink implements Sink<SensorReading> {

  /** How many readings, the lowest, the highest and the sum, for one sensor. */
  private static final class SensorStats {
    long readings;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;

    void add(double celsius) {
      readings++;
      min = Math.min(min, celsius);
      max = Math.max(max, celsius);
      sum += celsius;
    }
  }

  private final Path report;
  private final List<String> pending = new ArrayList<>();
  private final Map<String, SensorStats> stats = new TreeMap<>();
  private Path temporary;
  private BufferedWriter writer;
  private long written;

  /** A sink that writes {@code report}; its directory must exist. */
  public ReportFileSink(Path report) {
    this.report = report.toAbsolutePath();
  }

  /** Where the report goes. */
  public Path report() {
    return report;
  }

  @Override
  public void consume(SensorReading r) throws StageException {
    if (r.fault()) {
      throw new StageException(ErrorKind.VALIDATION, "reading " + r.seq() + " of sensor " + r.sensor()
          + ": fault code " + r.celsius() + " is not a temperature; left out of the report");
    }
    pending.add(line(r));
    stats.computeIfAbsent(r.sensor(), s -> new SensorStats()).add(r.celsius());
  }

  /** The report's line for one reading. */
  static String line(SensorReading r) {
    return String.format(Locale.ROOT, "%5d  %-8s %6.1f", r.seq(), r.sensor(), r.celsius());
  }

  @Override
  public void flush() throws IOException {
    if (writer == null) {
      temporary = Files.createTempFile(report.getParent(), "." + report.getFileName() + ".", ".tmp");
      writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
      writer.write("# sensor readings: seq, sensor, celsius\n");
    }
    for (String line : pending) {
      writer.write(line);
      writer.write('\n');
    }
    written += pending.size();
    pending.clear();
    writer.flush();
  }

  @Override
  public void complete() throws IOException {
    flush(); // a run with no readings still gets its (empty) report
    writer.write("# per sensor: readings, min, max, mean\n");
    for (Map.Entry<String, SensorStats> e : stats.entrySet()) {
      SensorStats s = e.getValue();
      writer.write(String.format(Locale.ROOT, "%-8s %5d %6.1f %6.1f %7.2f\n", e.getKey(), s.readings, s.min, s.max,
          s.sum / s.readings));
    }
    writer.close();
    Files.move(temporary, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("report: " + report + " (" + written + " readings of " + stats.size() + " sensors)");
  }

  @Override
  public void abort() throws IOException {
    if (writer != null) {
      writer.close();
      Files.deleteIfExists(temporary);
    }
  }
}

package dev.weir.samples;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the samples' data files: the {@code weir.samples.data} system property if set, else
 * {@code samples/data} (run from the repository root), else {@code data} (run from {@code samples/}).
 */
public final class SampleData {

  /** The system property that points at the data directory. */
  public static final String PROPERTY = "weir.samples.data";

  private SampleData() {}

  /** The data file {@code name}; a missing directory is reported with where it was looked for. */
  public static Path file(String name) {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return Path.of(configured).resolve(name);
    }
    for (Path dir : new Path[] {Path.of("samples", "data"), Path.of("data")}) {
      if (Files.isDirectory(dir)) {
        return dir.resolve(name);
      }
    }
    throw new IllegalStateException("cannot find the samples' data directory: looked for samples/data and data under "
        + Path.of("").toAbsolutePath() + "; run from the repository root or set -D" + PROPERTY + "=DIR");
  }
}

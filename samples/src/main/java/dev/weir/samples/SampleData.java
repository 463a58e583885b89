package dev.weir.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds the samples' data files: in the directory the {@code weir.samples.data} system property
 * names, if set; else the copy inside the samples jar (or {@code target/classes}), so a sample runs
 * from any directory. A file inside a jar is copied once per JVM to a temporary directory, deleted
 * when the JVM exits, since the sources read files.
 */
public final class SampleData {

  /** The system property that points at the data directory. */
  public static final String PROPERTY = "weir.samples.data";

  /** Where the build puts the data files on the class path (samples/pom.xml). */
  static final String RESOURCES = "dev/weir/samples/data/";

  private static Path extracted; // the temporary directory of files copied out of the jar, once made

  private SampleData() {}

  /** The data file {@code name}; one that is in neither place is reported with where it was looked for. */
  public static Path file(String name) {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return Path.of(configured).resolve(name);
    }
    URL url = SampleData.class.getClassLoader().getResource(RESOURCES + name);
    if (url == null) {
      throw new IllegalStateException("sample data file '" + name + "' is not on the class path (" + RESOURCES + name
          + "): rebuild the samples (mvn -B -q package -DskipTests) or set -D" + PROPERTY + "=DIR");
    }
    if (url.getProtocol().equals("file")) {
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot read sample data file " + url, e);
      }
    }
    return extract(name, url);
  }

  static synchronized Path extract(String name, URL url) {
    try {
      if (extracted == null) {
        extracted = Files.createTempDirectory("weir-samples-data");
        extracted.toFile().deleteOnExit();
      }
      Path file = extracted.resolve(name);
      if (!Files.exists(file)) {
        try (InputStream in = url.openStream()) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit(); // deleted before its directory: deleteOnExit runs in reverse order
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy sample data file '" + name + "' out of the samples jar", e);
    }
  }
}

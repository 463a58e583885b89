package dev.weir.journal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of Weir: recorded in manifests, printed by {@code --version}. */
public final class WeirVersion {

  /** This Weir's version, such as {@code 0.1.0-SNAPSHOT}. */
  public static final String VALUE = version();

  private WeirVersion() {}

  /** The build's version (a resource the build fills in), else the jar's, else the version of this source tree. */
  private static String version() {
    try (InputStream in = WeirVersion.class.getResourceAsStream("weir-version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("${")) {
          return v.strip();
        }
      }
    } catch (IOException | IllegalArgumentException unreadable) {
      // fall back below
    }
    String v = WeirVersion.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}

package dev.weir.journal;

/** The version of Weir recorded in manifests. */
final class WeirVersion {

  static final String VALUE = version();

  private WeirVersion() {}

  private static String version() {
    String v = WeirVersion.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}

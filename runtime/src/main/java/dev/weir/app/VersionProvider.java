package dev.weir.app;

import dev.weir.journal.WeirVersion;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints, for the flow command, {@code weir} and every {@code journal} command. */
final class VersionProvider implements IVersionProvider {

  /** {@code Weir <version>}, as one line. */
  static String line() {
    return "Weir " + WeirVersion.VALUE;
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }
}

package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.journal.Manifest;
import dev.weir.journal.WeirVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --version} and {@code --help} everywhere (exit 0), unknown commands (exit 2), and usage lines naming the launcher. */
class VersionAndHelpTest {

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private static Run flow(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(FlowApplicationTest.flow(), "java -jar items.jar", new PrintWriter(out),
        new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run tool(String launcher, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(launcher, new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theVersion_isTheBuildsVersion() {
    assertThat(WeirVersion.VALUE).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?").doesNotContain("${");
    assertThat(FlowApplication.version()).isEqualTo(WeirVersion.VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "journal --version", "journal inspect --version", "journal list -V",
      "journal prune --version"})
  void version_printsWeirsVersion_andExits0(String args) {
    Run r = flow(args.split(" "));

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("Weir " + WeirVersion.VALUE + "\n");
    assertThat(tool("weir", args.split(" ")).out()).isEqualTo("Weir " + WeirVersion.VALUE + "\n");
  }

  @Test
  void theManifest_recordsTheSameVersion() throws Exception {
    StringWriter out = new StringWriter();
    assertThat(FlowApplication.execute(FlowApplicationTest.flow(), "java -jar items.jar", new PrintWriter(out),
        new PrintWriter(new StringWriter()), "--journal-dir", dir.toString(), "--durability", "none")).isZero();
    Path run = Path.of(out.toString().replaceAll("(?s).*--replay-from (\\S+) --verify.*", "$1"));
    assertThat(Manifest.read(run).weirVersion()).isEqualTo(WeirVersion.VALUE);
  }

  @Test
  void help_exits0_andItsUsageLineNamesTheLauncher() {
    Run r = flow("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: java -jar items.jar [-hV]");

    Run journal = flow("journal", "--help");
    assertThat(journal.code()).isZero();
    assertThat(journal.out()).startsWith("Usage: java -jar items.jar journal [-hV] [COMMAND]")
        .containsPattern("inspect\\s+Summarizes").containsPattern("list\\s+Lists the runs")
        .containsPattern("prune\\s+Deletes whole run directories");

    for (String sub : new String[] {"inspect", "cat", "verify", "list", "prune", "diff"}) {
      Run h = flow("journal", sub, "--help");
      assertThat(h.code()).as(sub).isZero();
      assertThat(h.out()).as(sub).startsWith("Usage: java -jar items.jar journal " + sub + " [-hV]");
    }

    Run weir = tool("java -cp lib/weir.jar dev.weir.app.Weir", "journal", "list", "--help");
    assertThat(weir.code()).isZero();
    assertThat(weir.out()).startsWith("Usage: java -cp lib/weir.jar dev.weir.app.Weir journal list [-hV] DIR");
  }

  @Test
  void anUnknownCommand_exits2_namingTheCommandsThereAre() {
    Run journal = flow("journal", "nosuch");
    assertThat(journal.code()).isEqualTo(2);
    assertThat(journal.err()).isEqualTo("unknown command 'nosuch'; commands: inspect, cat, verify, list, prune, diff;"
        + " for help: java -jar items.jar journal --help\n");

    Run top = flow("nosuch");
    assertThat(top.code()).isEqualTo(2);
    assertThat(top.err()).isEqualTo("unknown command 'nosuch'; commands: journal; for help: java -jar items.jar --help\n");

    Run weir = tool("weir", "jurnal");
    assertThat(weir.code()).isEqualTo(2);
    assertThat(weir.err()).startsWith("unknown command 'jurnal'; commands: journal; for help: weir --help");

    Run option = flow("--nosuch");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).isEqualTo("Unknown option: '--nosuch'\nfor help: java -jar items.jar --help\n");

    Run bad = flow("--max-errors", "many");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).startsWith("Invalid value for option '--max-errors'").endsWith("\nfor help: java -jar items.jar"
        + " --help\n").doesNotContain("Usage:");
  }

  @Test
  void aFailureOfTheFlowCommand_isStillPrefixedWithTheFlowsName() throws Exception {
    Path file = java.nio.file.Files.createFile(dir.resolve("a-file"));
    Run r = flow("--journal-dir", file.toString());

    assertThat(r.code()).isNotZero();
    assertThat(r.err()).startsWith("items: cannot open the journals of flow 'items'");
  }
}

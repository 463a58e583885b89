package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.app.FlowApplication;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The samples launcher: --help and --version exit 0, an unknown sample exits 2 naming the samples, usage names the launcher. */
class SamplesLauncherTest {

  private static final String JAR = "java -jar samples/target/weir-samples.jar";
  private static final String SAMPLES = "samples: word-count, orders, flight-delays, product-catalog, leaderboard,"
      + " topology-patterns, payment-gateway, middleware-defaults"
      + ", top-products, stateful-counter, typed-io, jdbc-orders, piggy-bank, support-sla, web-analytics";

  @TempDir
  Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void help_exits0_withTheUsageAndTheSamples(String help) {
    Run r = run(help);

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("usage: " + JAR + " <sample> [options]\n"
        + "       " + JAR + " journal inspect|cat|verify|list|prune ...\n")
        .contains(SAMPLES + "\n").contains(JAR + " <sample> --help");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V", "orders --version", "journal --version"})
  void version_exits0(String args) {
    Run r = run(args.split(" "));

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("Weir " + FlowApplication.version() + "\n");
  }

  @Test
  void anUnknownSample_exits2_namingTheSamples() {
    Run r = run("nosuch");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("unknown sample 'nosuch'\nusage: " + JAR + " <sample> [options]\n")
        .contains(SAMPLES + "\n");

    Run none = run();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).startsWith("usage: ").contains(SAMPLES);

    Run option = run("--bogus");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).startsWith("unknown option '--bogus'\n");
  }

  @Test
  void aSamplesAndTheJournalToolsHelp_nameTheLauncher() {
    Run orders = run("orders", "--help");
    assertThat(orders.code()).isZero();
    assertThat(orders.out()).startsWith("Usage: " + JAR + " orders [-hV]").contains("--keep-runs=N");

    Run journal = run("journal", "--help");
    assertThat(journal.code()).isZero();
    assertThat(journal.out()).startsWith("Usage: " + JAR + " journal [-hV] [COMMAND]");

    Run unknown = run("journal", "nosuch");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("unknown command 'nosuch'; commands: inspect, cat, verify, list, prune, diff;"
        + " for help: " + JAR + " journal --help\n");

    Run sampleCommand = run("orders", "nosuch");
    assertThat(sampleCommand.code()).isEqualTo(2);
    assertThat(sampleCommand.err()).startsWith("unknown command 'nosuch'; commands: journal");
  }

  @Test
  void inAChildJvm_theUsageNamesTheCommandThatStartedIt() throws Exception {
    String cp = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
        .split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
    Path output = tmp.resolve("out");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp,
        Samples.class.getName(), "nosuch")).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isEqualTo(2);
    String launcher = "java -cp " + (cp.matches("[A-Za-z0-9_./:=@%+,-]+") ? cp : "'" + cp + "'") + " "
        + Samples.class.getName();
    assertThat(out).startsWith("unknown sample 'nosuch'\nusage: " + launcher + " <sample> [options]\n")
        .contains(SAMPLES);
  }
}

package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every sample, run in a child JVM, prints a replay command that, run as printed by a POSIX shell in a
 * new JVM (the same {@code java} first on the PATH, the same class path), reports 0 differences.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SampleReplayInNewJvmTest {

  /** A generous bound on one child JVM; never asserted as a timing. */
  private static final long CHILD_SECONDS = 120;

  /** JVM options for both child JVMs: quicker start on a small machine; they change no result. */
  private static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m";

  @TempDir
  Path tmp;

  private record Exit(int code, String out) {}

  /** Runs {@code command} with {@code java} resolving to this JVM's java; stdout and stderr together. */
  private Exit runChild(String name, List<String> command) throws Exception {
    Path output = tmp.resolve(name + ".out");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("JAVA_TOOL_OPTIONS", JVM_OPTIONS);
    Process p = pb.start();
    try {
      assertThat(p.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)).as("%s exited: %s", name, command).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Exit(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  /** The class path the children get: this test's, without empty entries. */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isBlank())
        .collect(Collectors.joining(File.pathSeparator));
  }

  @ParameterizedTest
  @ValueSource(strings = {"word-count", "orders", "flight-delays", "product-catalog", "leaderboard", "topology-patterns",
      "payment-gateway", "middleware-defaults",
      "top-products", "stateful-counter", "typed-io"})
  void thePrintedReplayCommand_runAsPrintedInANewJvm_reportsZeroDifferences(String sample) throws Exception {
    Path journals = tmp.resolve("journals of " + sample); // a space: the printed command must quote it
    String classPath = classPath();
    Exit first = runChild(sample, List.of("java", "-cp", classPath, Samples.class.getName(), sample,
        "--journal-dir", journals.toString(), "--durability", "none"));

    assertThat(first.code()).as(first.out()).isEqualTo(SamplesTest.expectedExitCode(sample)); // 3: with errors
    Matcher m = Pattern.compile("(?m)^replay: (.+)$").matcher(first.out());
    assertThat(m.find()).as("a replay line in:\n%s", first.out()).isTrue();
    String replay = m.group(1);
    assertThat(replay).as("the replay command names the same class path, main class and sample")
        .startsWith("java -cp " + classPath + " " + Samples.class.getName() + " " + sample + " --journal-dir '"
            + journals + "' --replay-from '" + journals + File.separator)
        .endsWith(" --verify");

    Exit again = runChild(sample + "-replay", List.of("/bin/sh", "-c", replay));

    assertThat(again.out()).as("%s: %s", sample, replay).contains("replay matched the original run: 0 differences")
        .doesNotContain("replay differs");
    assertThat(again.code()).as(again.out()).isEqualTo(SamplesTest.expectedExitCode(sample));
  }
}

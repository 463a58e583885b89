package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * A configured run in a child JVM, started with a {@code -D} system property, {@code WEIR_SET_} and
 * {@code WEIR_SECRET_} environment variables and a {@code --config} file: its printed replay command
 * repeats the system property and the settings (the secret as a shell reference) and, run by a POSIX
 * shell in a new JVM with the secret in its environment, matches the original with no warning.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SettingsReplayInNewJvmTest {

  /** A generous bound on one child; never asserted as a timing. */
  private static final long CHILD_SECONDS = 120;

  private static final String SECRET = "hunter2-never-printed";

  @TempDir
  Path tmp;

  private record Exit(int code, String out) {}

  private Exit runChild(String name, List<String> command, Map<String, String> environment) throws Exception {
    Path output = tmp.resolve(name + ".out");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("WEIR_"));
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m");
    env.putAll(environment);
    Process p = pb.start();
    try {
      assertThat(p.waitFor(CHILD_SECONDS, TimeUnit.SECONDS)).as("%s exited: %s", name, command).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Exit(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  @Test
  void theReplayCommand_repeatsSystemPropertiesAndSettings_andMatchesInANewJvm() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path journals = tmp.resolve("runs dir");
    Path config = tmp.resolve("flow.properties");
    Files.writeString(config, "items.label=from-file\n");
    List<String> command = new ArrayList<>(List.of("java", "-Dweir.test.note=a b", "-cp", classPath,
        SettingsChild.class.getName(), "--journal-dir", journals.toString(), "--durability", "none",
        "--config", config.toString()));

    Exit first = runChild("first", command, Map.of("WEIR_SET_ITEMS_COUNT", "11", "WEIR_SET_ITEMS_LABEL", "from-env",
        "WEIR_SECRET_API_KEY", SECRET));

    assertThat(first.code()).as(first.out()).isZero();
    assertThat(first.out()).as("the environment's count, the file's label over the environment's")
        .containsPattern("items\\s+source\\s+0\\s+11\\s+0").doesNotContain(SECRET);
    Matcher m = Pattern.compile("(?m)^replay: (.+)$").matcher(first.out());
    assertThat(m.find()).as(first.out()).isTrue();
    String replay = m.group(1);
    assertThat(replay).startsWith("java '-Dweir.test.note=a b' -cp ")
        .contains(" " + SettingsChild.class.getName() + " --secret \"api.key=${WEIR_SECRET_API_KEY:?}\""
            + " --set items.count=11 --set items.label=from-file --journal-dir '" + journals + "' --replay-from ")
        .endsWith(" --verify");

    Exit again = runChild("replay", List.of("/bin/sh", "-c", replay), Map.of("WEIR_SECRET_API_KEY", SECRET));

    assertThat(again.out()).as(replay).contains("replay matched the original run: 0 differences")
        .doesNotContain("warning").doesNotContain(SECRET);
    assertThat(again.code()).as(again.out()).isZero();

    Exit withoutSecret = runChild("no-secret", List.of("/bin/sh", "-c", replay), Map.of());

    assertThat(withoutSecret.code()).as("the shell refuses to run it without the secret").isNotZero();
    assertThat(withoutSecret.out()).contains("WEIR_SECRET_API_KEY").doesNotContain("replay matched");
  }
}

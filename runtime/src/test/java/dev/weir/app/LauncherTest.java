package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the program was started, as a command that starts it again: computed from what the JVM tells
 * ({@link Launcher.Jvm}, faked here), and, in child JVMs, run as printed.
 */
class LauncherTest {

  @TempDir
  Path tmp;

  private static final String SAMPLES = "dev.weir.samples.Samples";

  @Test
  void javaJar_isRepeatedWithTheProgramsArgumentsBeforeTheFlows() {
    Launcher.Jvm jvm = Launcher.Jvm.of("samples/target/weir-samples.jar orders --journal-dir runs --durability none",
        "samples/target/weir-samples.jar");

    assertThat(Launcher.invocation(jvm, "--journal-dir", "runs", "--durability", "none"))
        .isEqualTo("java -jar samples/target/weir-samples.jar orders");
    assertThat(Launcher.invocation(jvm, "orders", "--journal-dir", "runs", "--durability", "none"))
        .isEqualTo("java -jar samples/target/weir-samples.jar");
  }

  @Test
  void javaCp_namesTheClassPathAndTheMainClass_quotedForTheShell() {
    Launcher.Jvm jvm = Launcher.Jvm.of(SAMPLES + " orders --journal-dir runs", "lib/a.jar:my classes");

    assertThat(Launcher.invocation(jvm, "--journal-dir", "runs"))
        .isEqualTo("java -cp 'lib/a.jar:my classes' " + SAMPLES + " orders");
  }

  @Test
  void flowArgumentsThatCannotBeFoundInTheCommand_areLeftOutFromTheFirstOption() {
    // sun.java.command joins arguments with spaces: an argument with two spaces is not found as given
    Launcher.Jvm jvm = Launcher.Jvm.of(SAMPLES + " orders --journal-dir a  b", "cp");

    assertThat(Launcher.invocation(jvm, "--journal-dir", "a b")).isEqualTo("java -cp cp " + SAMPLES + " orders");
  }

  @Test
  void underExecJava_itIsJavaCp_withTheClassPathExecJavaBuilt_notMavensLauncher() {
    String maven = "org.codehaus.plexus.classworlds.launcher.Launcher -B -q exec:java -Dexec.mainClass=" + SAMPLES
        + " -Dexec.args=orders --journal-dir runs";
    List<String> classPath = List.of("/w/samples/target/classes", "/home/u/.m2/repository/x/x.jar");
    Launcher.Jvm jvm = new Launcher.Jvm(maven, "/usr/share/maven/boot/plexus-classworlds-2.6.0.jar", null, null,
        classPath, SAMPLES, "orders --journal-dir runs");

    assertThat(Launcher.invocation(jvm, "--journal-dir", "runs")).isEqualTo("java -cp /w/samples/target/classes"
        + File.pathSeparator + "/home/u/.m2/repository/x/x.jar " + SAMPLES + " orders");
    // what it printed before: Maven's own launcher, which cannot run the sample
    assertThat(Launcher.invocation(Launcher.Jvm.of(maven, "/usr/share/maven/boot/plexus-classworlds-2.6.0.jar"),
        "--journal-dir", "runs")).startsWith("java -cp /usr/share/maven/boot/plexus-classworlds-2.6.0.jar"
        + " org.codehaus.plexus.classworlds.launcher.Launcher");
  }

  @Test
  void underExecJava_quotedExecArgs_areSplitAsExecJavaSplitsThem() {
    Launcher.Jvm jvm = new Launcher.Jvm("org.codehaus.plexus.classworlds.launcher.Launcher exec:java", "boot.jar", null,
        null, List.of("/w/c"), "app.Main", "'my sample' \"x y\" --journal-dir 'a b'");

    assertThat(Launcher.invocation(jvm, "--journal-dir", "a b")).isEqualTo("java -cp /w/c app.Main 'my sample' 'x y'");
    assertThat(Launcher.invocation(new Launcher.Jvm("m exec:java", "boot.jar", null, null, List.of("/w/c"), "app.Main",
        null), "--journal-dir", "a b")).as("without -Dexec.args: the main class alone").isEqualTo("java -cp /w/c app.Main");
    assertThat(Launcher.splitArgs("  a 'b c'  \"d 'e'\" f''g ''")).containsExactly("a", "b c", "d 'e'", "fg", "");
  }

  @Test
  void aModuleAndASourceFile_areStartedAsTheyWere() {
    Launcher.Jvm module = new Launcher.Jvm("dev.weir.samples/" + SAMPLES + " orders --journal-dir runs", "", "mods",
        "dev.weir.samples", List.of(), null, null);
    assertThat(Launcher.invocation(module, "--journal-dir", "runs"))
        .isEqualTo("java -p mods -m dev.weir.samples/" + SAMPLES + " orders");

    Launcher.Jvm source = Launcher.Jvm.of(Launcher.SOURCE_LAUNCHER + " Orders.java --journal-dir runs", ".");
    assertThat(Launcher.invocation(source, "--journal-dir", "runs")).isEqualTo("java Orders.java");
  }

  @Test
  void theIsolatedClassPath_isThatOfTheProgramsOwnClassLoader() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("classes"));
    Path b = Files.createFile(tmp.resolve("dep.jar"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {a.toUri().toURL(), b.toUri().toURL()},
        ClassLoader.getSystemClassLoader())) {
      assertThat(Launcher.isolatedClassPath(loader)).containsExactly(a.toString(), b.toString());
    }
    assertThat(Launcher.isolatedClassPath(ClassLoader.getSystemClassLoader())).isEmpty();
    assertThat(Launcher.isolatedClassPath(LauncherTest.class.getClassLoader())).as("tests run on the class path")
        .isEmpty();
  }

  // --- child JVMs: the printed command, run by a shell, starts the same program again ---

  private record Exit(int code, String out) {}

  private Exit runChild(String name, List<String> command) throws Exception {
    Path output = tmp.resolve(name + ".out");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
        + pb.environment().getOrDefault("PATH", ""));
    pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m");
    Process p = pb.start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s exited", command).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Exit(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isBlank())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String printed(Exit e) {
    Matcher m = Pattern.compile("(?m)^invocation: (.+)$").matcher(e.out());
    assertThat(m.find()).as("an invocation line in:\n%s", e.out()).isTrue();
    return m.group(1);
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void underAnEmulatedExecJava_thePrintedCommand_runsTheSameProgramWithoutMaven() throws Exception {
    String main = InvocationChild.class.getName();
    String cp = classPath();
    for (boolean property : new boolean[] {false, true}) {
      List<String> command = new ArrayList<>(List.of("java", "-cp", cp, ExecJavaEmulator.class.getName(), main,
          "orders --journal-dir 'runs dir'"));
      if (property) {
        command.add("--property");
      }
      Exit emulated = runChild("exec-java-" + property, command);
      assertThat(emulated.code()).as(emulated.out()).isZero();
      assertThat(emulated.out()).contains("args: orders|--journal-dir|runs dir");
      String invocation = printed(emulated);
      assertThat(invocation).as("not the emulator's (Maven's) command line")
          .isEqualTo("java -cp " + ShellWords.quote(cp) + " " + main + " orders");

      Exit again = runChild("again-" + property, List.of("/bin/sh", "-c", invocation + " --journal-dir 'other dir'"));
      assertThat(again.code()).as(again.out()).isZero();
      assertThat(again.out()).contains("args: orders|--journal-dir|other dir");
      assertThat(printed(again)).isEqualTo(invocation);
    }
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void underJavaCp_thePrintedCommand_isTheCommandThatRanIt() throws Exception {
    String main = InvocationChild.class.getName();
    Exit first = runChild("cp", List.of("java", "-cp", classPath(), main, "orders", "--journal-dir", "runs dir"));

    assertThat(first.code()).as(first.out()).isZero();
    assertThat(printed(first)).isEqualTo("java -cp " + ShellWords.quote(classPath()) + " " + main + " orders");
  }
}

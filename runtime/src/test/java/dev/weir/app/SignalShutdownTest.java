package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.journal.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A flow run by {@link FlowApplication#run} in a child JVM, ended by real signals: the first SIGINT or
 * SIGTERM stops it gracefully, a second cancels it, {@code --stop-timeout} escalates a stop that cannot
 * drain, and a signal the flow does not handle (SIGHUP) still finalizes the manifest through the
 * shutdown hook. Every run ends with a summary, a replay line, a final manifest and journals that verify.
 */
class SignalShutdownTest {

  /** Generous bounds on waits for the child; never asserted as timings. */
  private static final long READY_SECONDS = 60;
  private static final long EXIT_SECONDS = 60;

  @TempDir
  Path tmp;

  private Process child;

  @AfterEach
  void killChild() {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
    }
  }

  /** A child JVM with its stdout and stderr in files. */
  private record Child(Process process, Path out, Path err) {
    String stdout() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    String all() throws IOException {
      return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
    }
  }

  /**
   * The start of a child's command line that gives it the default handling of SIGINT and SIGHUP: a
   * build started in the background of a shell without job control (or under {@code nohup}) passes
   * them on ignored, and a JVM leaves an ignored signal ignored. Coreutils' {@code env} resets them;
   * without it the child runs as it is.
   */
  private static List<String> defaultSignals() {
    try {
      Process p = new ProcessBuilder("env", "--default-signal=INT,HUP", "true").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? List.of("env", "--default-signal=INT,HUP") : List.of();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private Child start(String flow, String... options) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(defaultSignals());
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, SignalChild.class.getName(), flow,
        "--journal-dir", tmp.resolve("runs").toString(), "--durability", "none"));
    command.addAll(List.of(options));
    Path out = tmp.resolve("child.out");
    Path err = tmp.resolve("child.err");
    child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Child(child, out, err);
  }

  /** Polls, sleeping between polls, until {@code text} appears in the child's stdout or stderr. */
  private static void awaitOutput(Child c, String text, boolean stderr) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    while (!(stderr ? c.stderr() : c.stdout()).contains(text)) {
      assertThat(c.process().isAlive()).as("child ended before printing %s:\n%s", text, c.all()).isTrue();
      assertThat(System.nanoTime()).as("child did not print %s:\n%s", text, c.all()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Waits until the sink has consumed events and the run's manifest exists; returns the run directory. */
  private Path awaitRunning(Child c, String flow) throws Exception {
    awaitOutput(c, "READY", false);
    Path flowDir = tmp.resolve("runs").resolve(flow);
    try (Stream<Path> runs = Files.list(flowDir)) {
      List<Path> dirs = runs.filter(d -> Files.exists(d.resolve(Manifest.FILE))).toList();
      assertThat(dirs).as("run directories with a manifest in %s", flowDir).hasSize(1);
      assertThat(Manifest.read(dirs.get(0)).status()).isEqualTo("RUNNING");
      return dirs.get(0);
    }
  }

  private static void signal(Child c, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(c.process().pid())).inheritIO().start();
    assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s", name).isZero();
  }

  private static int awaitExit(Child c) throws Exception {
    assertThat(c.process().waitFor(EXIT_SECONDS, TimeUnit.SECONDS)).as("child exited:\n%s", c.all()).isTrue();
    return c.process().exitValue();
  }

  /**
   * The summary table, the end line with {@code state}, and a replay line naming {@code runDir}.
   * {@code sinkErrors}: 0, or 1 after a cancel, whose interrupt ends the stuck sink's {@code consume}
   * and so sends that one event to the sink's error journal.
   */
  private static void assertSummaryAndReplayLine(Child c, Path runDir, String state, int sinkErrors)
      throws IOException {
    String out = c.stdout();
    assertThat(out).as(c.all())
        .containsPattern("stage\\s+kind\\s+received\\s+emitted\\s+errors")
        .containsPattern("(?m)^ticks\\s+source\\s+0\\s+\\d+\\s+0$")
        .containsPattern("(?m)^triple\\s+transform\\s+\\d+\\s+\\d+\\s+0$")
        .containsPattern("(?m)^sink\\s+sink\\s+\\d+\\s+\\d+\\s+" + sinkErrors + "$")
        .containsPattern("flow \\S+ run \\S+: " + state + " in \\d+ ms")
        .contains("replay: java -cp ")
        .contains(" " + SignalChild.class.getName() + " ")
        .contains("--replay-from " + runDir + (state.equals("COMPLETED") ? " --verify" : " --allow-incomplete"));
  }

  private static void assertJournalsVerify(Path runDir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), "journal", "verify", runDir.toString());
    assertThat(code).as("journal verify %s:\n%s%s", runDir, out, err).isZero();
  }

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"INT, press Ctrl-C again to cancel", "TERM, send SIGTERM again to cancel"})
  void firstSignal_stopsGracefully_completes_printsTheSummary_andTheRunReplaysWithZeroDifferences(String signal,
      String hint) throws Exception {
    Child c = start("slow");
    Path runDir = awaitRunning(c, "signals");

    signal(c, signal);
    int code = awaitExit(c);

    assertThat(code).as(c.all()).isZero();
    assertThat(c.stderr()).contains("weir: SIG" + signal + ": stopping gracefully (deadline 30s); " + hint);
    assertSummaryAndReplayLine(c, runDir, "COMPLETED", 0);
    Manifest manifest = Manifest.read(runDir);
    assertThat(manifest.status()).isEqualTo("COMPLETED");
    assertThat(manifest.detail()).startsWith("stopped gracefully (on SIG" + signal + ")").contains("every stage completed");
    assertThat(c.stdout()).contains("note: stopped gracefully (on SIG" + signal + ")");
    assertThat(manifest.ended()).isNotBlank();
    assertJournalsVerify(runDir);

    // the graceful stop delivered everything the source emitted: the sink consumed every tick
    Matcher source = Pattern.compile("(?m)^ticks\\s+source\\s+0\\s+(\\d+)").matcher(c.stdout());
    Matcher sink = Pattern.compile("(?m)^sink\\s+sink\\s+(\\d+)").matcher(c.stdout());
    assertThat(source.find() && sink.find()).isTrue();
    assertThat(Long.parseLong(sink.group(1))).isEqualTo(Long.parseLong(source.group(1)))
        .isGreaterThanOrEqualTo(SignalChild.READY_AFTER);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int replay = FlowApplication.execute(SignalChild.flow(false), "java -cp x " + SignalChild.class.getName(),
        new PrintWriter(out), new PrintWriter(err), "--journal-dir", tmp.resolve("replays").toString(),
        "--replay-from", runDir.toString(), "--verify");
    assertThat(replay).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("replay matched the original run: 0 differences");
  }

  @Test
  void secondSigint_cancelsAStopThatCannotDrain() throws Exception {
    Child c = start("stuck");
    Path runDir = awaitRunning(c, "signals-stuck");

    signal(c, "INT");
    awaitOutput(c, "weir: SIGINT: stopping gracefully (deadline 30s); press Ctrl-C again to cancel", true);
    assertThat(c.process().isAlive()).as("the stuck sink holds the graceful stop:\n%s", c.all()).isTrue();
    signal(c, "INT");
    int code = awaitExit(c);

    assertThat(code).as(c.all()).isEqualTo(130);
    assertThat(c.stderr()).contains("weir: SIGINT again: cancelling");
    assertSummaryAndReplayLine(c, runDir, "CANCELLED", 0); // the item cut short by the cancel is no error
    Manifest manifest = Manifest.read(runDir);
    assertThat(manifest.status()).isEqualTo("CANCELLED");
    assertThat(manifest.detail()).contains("cancelled on SIGINT");
    assertJournalsVerify(runDir);
  }

  @Test
  void stopTimeout_escalatesToCancel_whenASinkCannotDrain() throws Exception {
    Child c = start("stuck", "--stop-timeout", "1s");
    Path runDir = awaitRunning(c, "signals-stuck");

    signal(c, "TERM");
    int code = awaitExit(c);

    assertThat(code).as(c.all()).isEqualTo(143);
    assertThat(c.stderr()).contains("weir: SIGTERM: stopping gracefully (deadline 1s); send SIGTERM again to cancel")
        .doesNotContain("again: cancelling");
    assertSummaryAndReplayLine(c, runDir, "CANCELLED", 0); // the item cut short by the cancel is no error
    Manifest manifest = Manifest.read(runDir);
    assertThat(manifest.status()).isEqualTo("CANCELLED");
    assertThat(manifest.detail()).contains("did not finish within 1s: escalated to cancel")
        .contains("sink");
    assertJournalsVerify(runDir);
  }

  @Test
  void sighup_isNotHandled_butTheShutdownHookStopsGracefully_andFinalizesTheManifest() throws Exception {
    Child c = start("slow");
    Path runDir = awaitRunning(c, "signals");

    signal(c, "HUP");
    int code = awaitExit(c);

    assertThat(code).as(c.all()).isEqualTo(128 + 1); // the JVM's own exit status for SIGHUP
    assertThat(c.stderr()).contains("weir: JVM shutting down: stopping gracefully (deadline 30s)");
    assertSummaryAndReplayLine(c, runDir, "COMPLETED", 0);
    Manifest manifest = Manifest.read(runDir);
    assertThat(manifest.status()).isEqualTo("COMPLETED");
    assertThat(manifest.detail()).contains("every stage completed");
    assertJournalsVerify(runDir);
  }
}

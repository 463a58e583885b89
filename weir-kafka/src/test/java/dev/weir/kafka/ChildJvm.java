package dev.weir.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on the test class path, running one main class: its standard output read line by line, its standard
 * error kept in {@code target/child-jvms/NAME.stderr} (quoted in failure messages, left for a look after a run), its
 * standard input a pipe the test writes to or closes.
 */
final class ChildJvm implements AutoCloseable {

  private static final String EOF = "\u0000EOF";

  private final String name;
  private final Process process;
  private final Path stderr;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ChildJvm(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the child is gone; EOF below says so
      }
      lines.add(EOF);
    }, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args} in a new JVM on the test class path. */
  static ChildJvm start(String name, Class<?> mainClass, String... args) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, mainClass.getName()));
    command.addAll(List.of(args));
    Path logs = Files.createDirectories(Path.of("target", "child-jvms"));
    Path stderr = logs.resolve(name + ".stderr");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildJvm(name, process, stderr);
  }

  /**
   * The child's next line of standard output.
   *
   * @throws AssertionError if none came within {@code timeout} or the child closed its output (the message quotes
   *     its standard error)
   */
  String nextLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError(name + ": no line on standard output within " + timeout.toSeconds() + " s; " + stderrTail());
    }
    if (line.equals(EOF)) {
      lines.add(EOF);
      throw new AssertionError(name + ": closed its standard output (exit "
          + (process.isAlive() ? "pending" : process.exitValue()) + "); " + stderrTail());
    }
    return line;
  }

  /** Writes one line to the child's standard input. */
  void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /** Closes the child's standard input. */
  void closeStdin() throws IOException {
    stdin.close();
  }

  /** Waits for the child to end by itself and returns its exit code; fails if it did not end within {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + ": did not end within " + timeout.toSeconds() + " s; " + stderrTail());
    }
    return process.exitValue();
  }

  /** SIGKILL: the child gets no chance to flush, commit or abort anything. Returns once it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the child's standard error, for failure messages. */
  String stderrTail() {
    try {
      List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return "stderr of " + name + " (" + stderr + "), last lines:\n  "
          + String.join("\n  ", all.subList(Math.max(0, all.size() - 30), all.size()));
    } catch (IOException e) {
      return "stderr of " + name + " unreadable: " + e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}

package dev.weir.app;

import dev.weir.flow.FlowDefinition;
import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Turns a flow into a command-line program:
 *
 * <pre>
 * public static void main(String[] args) { FlowApplication.run(MyFlowFlow.definition(), args); }
 * </pre>
 *
 * Options: {@code --journal-dir}, {@code --memory}, {@code --durability}, {@code --replay-from},
 * {@code --verify}, {@code --allow-incomplete}, {@code --stop-timeout}; and
 * {@code journal inspect|cat|verify} to read runs.
 *
 * <p>Ctrl-C: the first SIGINT or SIGTERM stops the flow gracefully (sources stop, what they emitted
 * drains), cancelling it if that takes longer than {@code --stop-timeout} (default 30s); a second
 * signal cancels at once. Either way the summary and the replay line are printed and the run's
 * manifest ends COMPLETED or CANCELLED with the reason. Exit codes: 0 for a completed run (also one
 * stopped gracefully), 130 after SIGINT or 143 after SIGTERM (128 plus the first signal's number) for
 * a run a signal cancelled, 1 for a failed run or a replay that differs, 2 for bad options. When the
 * JVM exits for another reason (SIGHUP, {@code System.exit}), a shutdown hook stops the flow
 * gracefully and waits for it, so the manifest is still finalized.
 */
public final class FlowApplication {

  private FlowApplication() {}

  /**
   * Runs the flow with {@code args} and exits with its code: 0 completed and, with --verify, matched;
   * 130 or 143 cancelled by SIGINT or SIGTERM; 1 otherwise; 2 bad options.
   */
  public static void run(FlowDefinition definition, String... args) {
    System.exit(execute(definition, invocation(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        args));
  }

  /**
   * Runs the flow with {@code args}, printing to {@code out} and {@code err}; returns the exit code.
   *
   * @param invocation how the program is started, for the printed replay command
   */
  public static int execute(FlowDefinition definition, String invocation, PrintWriter out, PrintWriter err,
      String... args) {
    Objects.requireNonNull(definition, "definition");
    CommandLine cli = new CommandLine(new RunCommand(definition, invocation))
        .setCommandName(definition.name())
        .setOut(out)
        .setErr(err);
    return cli.execute(args);
  }

  /** The command that started this JVM, as a user would type it again. */
  static String invocation() {
    String command = System.getProperty("sun.java.command", "");
    String[] parts = command.split(" ");
    StringBuilder sb = new StringBuilder("java ");
    if (parts.length > 0 && parts[0].endsWith(".jar")) {
      sb.append("-jar ").append(parts[0]);
    } else {
      sb.append("-cp ").append(System.getProperty("java.class.path")).append(' ').append(parts.length > 0 ? parts[0] : "");
    }
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].startsWith("--")) {
        break; // the flow's options follow; the replay command sets its own
      }
      sb.append(' ').append(parts[i]);
    }
    return sb.toString();
  }
}

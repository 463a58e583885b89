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
 * {@code --verify}, {@code --allow-incomplete}; and {@code journal inspect|cat|verify} to read runs.
 */
public final class FlowApplication {

  private FlowApplication() {}

  /** Runs the flow with {@code args} and exits with its code (0: completed and, with --verify, matched). */
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

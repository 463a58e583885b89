package dev.weir.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weir journal inspect|cat|verify}: the journal tool, without a flow. */
@Command(name = "weir", mixinStandardHelpOptions = true, description = "Weir's command-line tools.",
    subcommands = JournalCommand.class)
public final class Weir {

  private Weir() {}

  public static void main(String[] args) {
    System.exit(execute(FlowApplication.invocation(args), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true), args));
  }

  /** Runs the tool with {@code args}; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute("weir", out, err, args);
  }

  /**
   * Runs the tool with {@code args}; returns the exit code.
   *
   * @param launcher how the program was started ({@code java -jar x.jar}), what usage lines begin with
   */
  public static int execute(String launcher, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Weir()).setOut(out).setErr(err).setExecutionExceptionHandler(new ToolFailure());
    return CommandLines.prepare(cli, launcher).execute(args);
  }
}

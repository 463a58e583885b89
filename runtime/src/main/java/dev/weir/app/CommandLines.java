package dev.weir.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every Weir command line shares: its usage names the launcher it was started with, {@code
 * --version} prints {@code Weir <version>} in every command, and a command line that does not parse
 * says what is wrong in a line (an unknown command with the commands there are), not the whole usage
 * (exit code 2).
 */
final class CommandLines {

  private CommandLines() {}

  /**
   * Prepares {@code cli} (with its subcommands added).
   *
   * @param launcher how the program was started ({@code java -jar x.jar}), what its usage lines begin
   *     with; blank to keep the command's own name
   */
  static CommandLine prepare(CommandLine cli, String launcher) {
    if (launcher != null && !launcher.isBlank()) {
      cli.setCommandName(launcher.strip());
    }
    setVersion(cli);
    cli.setParameterExceptionHandler(new UsageError());
    return cli;
  }

  private static void setVersion(CommandLine cmd) {
    cmd.getCommandSpec().versionProvider(new VersionProvider());
    cmd.getSubcommands().values().forEach(CommandLines::setVersion);
  }

  /** The names of {@code cmd}'s subcommands, in the order its usage lists them. */
  static List<String> commandNames(CommandLine cmd) {
    return List.copyOf(cmd.getSubcommands().keySet());
  }

  /**
   * A command line that does not parse: one line that says what is wrong (an unknown command named
   * with the commands there are; an unknown option with picocli's suggestions), then where the help
   * is, not the whole usage. Exit code 2.
   */
  private static final class UsageError implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String help = "for help: " + cmd.getCommandSpec().qualifiedName() + " --help";
      if (ex instanceof UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
          && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
        err.println("unknown command '" + u.getUnmatched().get(0) + "'; commands: "
            + String.join(", ", commandNames(cmd)) + "; " + help);
      } else {
        err.println(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u) {
          UnmatchedArgumentException.printSuggestions(u, err);
        }
        err.println(help);
      }
      err.flush();
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
  }
}

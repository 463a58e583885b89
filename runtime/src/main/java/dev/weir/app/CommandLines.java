package dev.weir.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every Weir command line shares: its usage names the launcher it was started with, {@code
 * --version} prints {@code Weir <version>} in every command, and an unknown command is named with the
 * commands there are (exit code 2).
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
    cli.setParameterExceptionHandler(new UnknownCommand(cli.getParameterExceptionHandler()));
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

  /** An argument where a command goes that is no command: says so, names the commands, exit 2. */
  private static final class UnknownCommand implements IParameterExceptionHandler {
    private final IParameterExceptionHandler otherwise;

    UnknownCommand(IParameterExceptionHandler otherwise) {
      this.otherwise = otherwise;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
      CommandLine cmd = ex.getCommandLine();
      if (ex instanceof UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
          && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
        PrintWriter err = cmd.getErr();
        err.println("unknown command '" + u.getUnmatched().get(0) + "'; commands: "
            + String.join(", ", commandNames(cmd)) + "; for help: " + cmd.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
      }
      return otherwise.handleParseException(ex, args);
    }
  }
}

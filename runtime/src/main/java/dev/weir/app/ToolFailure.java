package dev.weir.app;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What the command line prints when a command fails with an exception (a directory that is not a
 * run, an unreadable journal): one line saying what failed, not a stack trace; exit code 1.
 */
final class ToolFailure implements IExecutionExceptionHandler {

  /** What a failure of the top command is prefixed with, rather than its name (the launcher); or {@code null}. */
  private final String rootName;

  ToolFailure() {
    this(null);
  }

  /** @param rootName what a failure of the top command is prefixed with (the flow's name) */
  ToolFailure(String rootName) {
    this.rootName = rootName;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
    String name = rootName != null && cmd.getParent() == null ? rootName : cmd.getCommandName();
    cmd.getErr().println(name + ": " + message);
    cmd.getErr().flush();
    return 1;
  }
}

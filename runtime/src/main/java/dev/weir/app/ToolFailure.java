package dev.weir.app;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What the command line prints when a command fails with an exception (a directory that is not a
 * run, an unreadable journal): one line saying what failed, not a stack trace; exit code 1.
 */
final class ToolFailure implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
    cmd.getErr().println(cmd.getCommandName() + ": " + message);
    cmd.getErr().flush();
    return 1;
  }
}

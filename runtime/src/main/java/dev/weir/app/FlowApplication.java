package dev.weir.app;

import dev.weir.flow.FlowDefinition;
import java.io.PrintWriter;
import dev.weir.flow.FlowBuilder;
import java.util.Objects;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Turns a flow into a command-line program:
 *
 * <pre>
 * public static void main(String[] args) { FlowApplication.run(MyFlowFlow.definition(), args); }
 * </pre>
 *
 * Options: {@code --journal-dir}, {@code --memory}, {@code --durability}, {@code --replay-from},
 * {@code --verify}, {@code --allow-incomplete}, {@code --replay-sinks=run|skip}, {@code --stop-timeout}, {@code --keep-runs},
 * {@code --version}, {@code --help}, the flow-wide error budget
 * {@code --max-errors N}, {@code --max-error-rate 1%} and {@code --error-window N} (default 1000; see
 * {@link dev.weir.flow.ErrorBudget}); and {@code journal inspect|cat|verify} to read runs,
 * {@code journal list|prune} to list and delete them.
 *
 * <p>Settings ({@link dev.weir.flow.FlowSettings}, which the flow object is made with):
 * {@code --set KEY=VALUE}, {@code --secret KEY=VALUE} and {@code --config FILE} (a {@code .properties}
 * file), repeatable, a later one winning in command-line order, over the environment variables
 * {@code WEIR_SET_<KEY>} and {@code WEIR_SECRET_<KEY>} (the key in upper case, {@code _} for
 * {@code .} and {@code __} for {@code -}). The printed replay command repeats them, and the JVM's
 * {@code -D} options; a secret only as a reference to a shell variable.
 *
 * <p>Ctrl-C: the first SIGINT or SIGTERM stops the flow gracefully (sources stop, what they emitted
 * drains), cancelling it if that takes longer than {@code --stop-timeout} (default 30s); a second
 * signal cancels at once. Either way the summary and the replay line are printed and the run's
 * manifest ends COMPLETED or CANCELLED with the reason. Exit codes: 0 for a run that completed clean
 * (also one stopped gracefully), 3 for one that completed with errors (some stage dead-lettered inputs,
 * none beyond its error budget), 130 after SIGINT or 143 after SIGTERM (128 plus the first signal's
 * number) for a run a signal cancelled, 1 for a failed run (a stage that exceeded its error budget
 * fails it) or a replay that differs, 2 for bad options. When the
 * JVM exits for another reason (SIGHUP, {@code System.exit}), a shutdown hook stops the flow
 * gracefully and waits for it, so the manifest is still finalized.
 */
public final class FlowApplication {

  private FlowApplication() {}

  /**
   * Runs the flow with {@code args} and exits with its code: 0 completed clean and, with --verify,
   * matched; 3 completed with errors; 130 or 143 cancelled by SIGINT or SIGTERM; 1 otherwise (failed,
   * error budget exceeded, replay differs); 2 bad options.
   */
  public static void run(FlowDefinition definition, String... args) {
    run(definition, builder -> {}, args);
  }

  /**
   * As {@link #run(FlowDefinition, String...)}, letting {@code configure} set up each run's builder
   * after the command line did (codecs, Jackson modules, a mapper: what the run and its replay
   * verification encode with).
   */
  public static void run(FlowDefinition definition, Consumer<FlowBuilder> configure, String... args) {
    System.exit(execute(definition, configure, invocation(args), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the flow with {@code args}, printing to {@code out} and {@code err}; returns the exit code.
   *
   * @param invocation how the program is started, for the printed replay command
   */
  public static int execute(FlowDefinition definition, String invocation, PrintWriter out, PrintWriter err,
      String... args) {
    return execute(definition, builder -> {}, invocation, out, err, args);
  }

  /** As {@link #execute(FlowDefinition, String, PrintWriter, PrintWriter, String...)}, with {@code configure} as in {@link #run(FlowDefinition, Consumer, String...)}. */
  public static int execute(FlowDefinition definition, Consumer<FlowBuilder> configure, String invocation,
      PrintWriter out, PrintWriter err, String... args) {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(configure, "configure");
    CommandLine cli = new CommandLine(new RunCommand(definition, configure, invocation))
        .setExecutionExceptionHandler(new ToolFailure(definition.name()))
        .setCommandName(definition.name())
        .setOut(out)
        .setErr(err);
    CommandLines.prepare(cli, invocation); // usage lines begin with the launcher
    return cli.execute(args);
  }

  /**
   * The command that started this program, as a user types it again in a POSIX shell: {@code java
   * -jar <jar>}, {@code java -cp <class path> <main class>}, {@code java -p <module path> -m
   * <module>/<main class>} or {@code java <source file>}, then the program's own arguments that come
   * before {@code flowArgs}, each quoted where the shell needs it. JVM options are not repeated. Under
   * {@code mvn exec:java}, where the program runs inside Maven's JVM, it is {@code java -cp <the class
   * path exec:java built> <main class>} with the arguments of {@code -Dexec.args}: the same classes,
   * run without Maven.
   *
   * @param flowArgs the last arguments of {@code main}, the flow's options: left out, since the
   *     replay command gives its own
   */
  public static String invocation(String... flowArgs) {
    return Launcher.invocation(Launcher.Jvm.current(), flowArgs);
  }

  /** This Weir's version, such as {@code 0.1.0-SNAPSHOT}: what {@code --version} prints after {@code Weir}. */
  public static String version() {
    return dev.weir.journal.WeirVersion.VALUE;
  }
}

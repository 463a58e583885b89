package dev.weir.app;

import dev.weir.flow.Durability;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageResult;
import dev.weir.journal.DiskJournals;
import dev.weir.journal.RunArchive;
import dev.weir.replay.Difference;
import dev.weir.replay.ReplayVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs one flow from the command line, prints a summary per stage and how to replay the run. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs the flow, journaling every stage; prints a summary per stage and the replay command.",
    subcommands = JournalCommand.class)
final class RunCommand implements Callable<Integer> {

  /** How many differences --verify prints. */
  static final int SHOWN_DIFFERENCES = 10;

  private final FlowDefinition definition;
  private final String invocation;

  @Spec
  CommandSpec spec;

  @Option(names = "--journal-dir", paramLabel = "DIR", defaultValue = "weir-runs",
      description = "Where disk journals go: DIR/<flow>/<run-id>/ (default: ${DEFAULT-VALUE}).")
  Path journalDir;

  @Option(names = "--memory", description = "Keep journals in memory instead of on disk.")
  boolean memory;

  @Option(names = "--durability", paramLabel = "POLICY", defaultValue = "batch",
      description = "none, batch or interval(<n>ms): when disk journals sync (default: ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--replay-from", paramLabel = "RUN_DIR",
      description = "Replay that run: sources re-emit what they journaled there.")
  Path replayFrom;

  @Option(names = "--verify", description = "With --replay-from: compare every stage's output with the original run.")
  boolean verify;

  @Option(names = "--allow-incomplete", description = "With --replay-from: accept a run that did not complete.")
  boolean allowIncomplete;

  RunCommand(FlowDefinition definition, String invocation) {
    this.definition = definition;
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (verify && replayFrom == null) {
      err.println("--verify compares a replay with its original run: give --replay-from <run dir>");
      return 2;
    }
    Durability policy;
    try {
      policy = Durability.parse(durability);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    FlowBuilder builder = definition.builder()
        .journals(memory ? Journals.memory() : Journals.disk(journalDir).durability(policy));
    if (replayFrom != null) {
      builder.replayFrom(replayFrom);
      if (allowIncomplete) {
        builder.allowIncomplete();
      }
    }
    FlowHandle handle = builder.start();
    FlowResult result = handle.await();
    printSummary(result, out);
    int code = result.state() == FlowState.COMPLETED ? 0 : 1;
    if (verify && result.state() == FlowState.COMPLETED) {
      code = verify(handle, out);
    }
    handle.journals().directory().ifPresent(dir -> out.println("replay: " + invocation + " --journal-dir " + journalDir
        + " --replay-from " + dir + " --verify"));
    out.flush();
    return code;
  }

  private int verify(FlowHandle replay, PrintWriter out) throws Exception {
    try (RunArchive original = RunArchive.open(replayFrom, definition, DiskJournals.keyFromEnvironment())) {
      List<String> stages = definition.stages().stream().map(s -> s.name()).toList();
      List<Difference> diffs = ReplayVerifier.compare(stages, original::data, replay.journals()::data,
          SHOWN_DIFFERENCES);
      if (diffs.isEmpty()) {
        out.println("replay matched the original run: 0 differences");
        return 0;
      }
      out.println("replay differs from the original run" + (diffs.size() == SHOWN_DIFFERENCES ? " (first "
          + SHOWN_DIFFERENCES + " differences)" : ": " + diffs.size() + " differences") + ":");
      for (Difference d : diffs) {
        out.println("  " + d);
      }
      return 1;
    }
  }

  /** One line per stage, then how the run ended. */
  static void printSummary(FlowResult result, PrintWriter out) {
    out.println();
    out.printf("%-18s %-16s %12s %12s %8s%n", "stage", "kind", "received", "emitted", "errors");
    for (StageResult s : result.stages()) {
      out.printf("%-18s %-16s %12d %12d %8d%n", s.name(), s.kind().name().toLowerCase(), s.received(), s.emitted(),
          s.errors());
    }
    out.printf("flow %s run %s: %s in %d ms%n", result.flowName(), result.runId(), result.state(),
        result.elapsed().toMillis());
    result.failure().ifPresent(f -> out.println("failure: " + f.getMessage()));
  }
}

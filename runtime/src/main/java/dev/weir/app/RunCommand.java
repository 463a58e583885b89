package dev.weir.app;

import dev.weir.flow.Durability;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageResult;
import dev.weir.engine.BuilderAccess;
import dev.weir.flow.DiskJournals;
import dev.weir.journal.RunArchive;
import dev.weir.flow.Codec;
import dev.weir.event.CodecRegistry;
import dev.weir.journal.Manifest;
import dev.weir.replay.ArchiveTypes;
import dev.weir.replay.Difference;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.Map;
import dev.weir.replay.ReplayVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs one flow from the command line, prints a summary per stage and how to replay the run.
 *
 * <p>While the flow runs, the first SIGINT (Ctrl-C) or SIGTERM stops it gracefully within
 * {@code --stop-timeout} (then it is cancelled), and a second cancels it; see {@link SignalStop}. Exit
 * codes: 0 when the flow completed (and, with {@code --verify}, the replay matched), also after a
 * graceful stop that drained; 130 (SIGINT) or 143 (SIGTERM), 128 plus the number of the first signal,
 * when a signal ended the run CANCELLED; 1 when it failed, was cancelled otherwise, or differs from its
 * original; 2 for bad options.
 */
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
  private final Consumer<FlowBuilder> configure;
  private CodecRegistry codecs = CodecRegistry.defaults();

  @Spec
  CommandSpec spec;

  @Option(names = "--journal-dir", paramLabel = "DIR", defaultValue = "weir-runs",
      description = "Where disk journals go: DIR/<flow>/<run-id>/ (default: ${DEFAULT-VALUE}).")
  Path journalDir;

  @Option(names = "--memory", description = "Keep journals in memory instead of on disk.")
  boolean memory;

  @Option(names = "--durability", paramLabel = "POLICY", defaultValue = "batch",
      description = "none, batch or interval:<n>ms (also interval:<n>s, interval:<n>m): when disk journals sync"
          + " (default: ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--replay-from", paramLabel = "RUN_DIR",
      description = "Replay that run: sources re-emit what they journaled there.")
  Path replayFrom;

  @Option(names = "--verify", description = "With --replay-from: compare every stage's output with the original run.")
  boolean verify;

  @Option(names = "--allow-incomplete", description = "With --replay-from: accept a run that did not complete.")
  boolean allowIncomplete;

  @Option(names = "--stop-timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long a graceful stop (the first Ctrl-C or SIGTERM) may take before the run is cancelled;"
          + " 500ms, 30s, 2m or ISO-8601 such as PT30S (default: ${DEFAULT-VALUE}). A second signal cancels at once."
          + " Exit code 0 if the stopped run completed, 130 (SIGINT) or 143 (SIGTERM) if it was cancelled,"
          + " 1 if it failed.")
  Duration stopTimeout;

  @Option(names = "--keep-runs", paramLabel = "N",
      description = "After a disk run completed: delete the flow's older runs in DIR/<flow>/ so that the newest N"
          + " remain, this one included (and the run it replayed is kept); runs in progress and crashed ones are"
          + " kept, as by journal prune.")
  Integer keepRuns;

  RunCommand(FlowDefinition definition, Consumer<FlowBuilder> configure, String invocation) {
    this.definition = definition;
    this.configure = configure;
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
    if (keepRuns != null && (keepRuns < 1 || memory)) {
      err.println(memory ? "--keep-runs prunes disk journals: it does not go with --memory"
          : "--keep-runs must be 1 or more (the run just made is always kept), got " + keepRuns);
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
        .stopDeadline(stopTimeout)
        .journals(memory ? Journals.memory() : Journals.disk(journalDir).durability(policy));
    if (replayFrom != null) {
      builder.replayFrom(replayFrom);
      if (allowIncomplete) {
        builder.allowIncomplete();
      }
    }
    configure.accept(builder);
    codecs = BuilderAccess.codecs(builder);
    FlowHandle handle = builder.start();
    try (SignalStop stop = SignalStop.install(handle, stopTimeout, err)) {
      FlowResult result = handle.await();
      stop.restoreSignals();
      printSummary(result, out);
      int code = exitCode(result.state(), stop.firstSignal());
      if (verify && result.state() == FlowState.COMPLETED) {
        code = verify(handle, out);
      }
      if (!result.stages().isEmpty()) { // a run that never started has nothing to replay
        boolean whole = result.state() == FlowState.COMPLETED;
        handle.journals().directory().ifPresent(dir -> out.println("replay: " + invocation + " --journal-dir "
            + ShellWords.quote(journalDir.toString()) + " --replay-from " + ShellWords.quote(dir.toString())
            + (whole ? " --verify" : " --allow-incomplete")));
      }
      if (keepRuns != null && result.state() == FlowState.COMPLETED) {
        handle.journals().directory().ifPresent(dir -> KeepRuns.prune(dir, keepRuns, replayFrom, out, err));
      }
      out.flush();
      return code;
    }
  }

  /** 0 for a completed run, 128 + the signal's number for a run a signal cancelled, 1 otherwise. */
  static int exitCode(FlowState state, OptionalInt signal) {
    if (state == FlowState.COMPLETED) {
      return 0;
    }
    return state == FlowState.CANCELLED && signal.isPresent() ? 128 + signal.getAsInt() : 1;
  }

  private int verify(FlowHandle replay, PrintWriter out) throws Exception {
    ArchiveTypes types = ArchiveTypes.check(Manifest.read(replayFrom), definition, codecs);
    Map<String, Codec<Object>> reencode = new HashMap<>();
    types.decoders().keySet().forEach(stage -> reencode.put(stage,
        codecs.codecFor(definition.stage(stage).orElseThrow().output())));
    try (RunArchive original = RunArchive.open(replayFrom, definition, DiskJournals.keyFromEnvironment(), codecs,
        types.decoders())) {
      List<String> stages = definition.stages().stream().map(s -> s.name()).toList();
      List<Difference> diffs = ReplayVerifier.compare(stages, original::data, replay.journals()::data,
          SHOWN_DIFFERENCES, reencode);
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
    if (result.failure().isEmpty() && result.detail().startsWith("stopped")) {
      out.println("note: " + result.detail());
    }
  }
}

package dev.weir.app;

import dev.weir.app.RunDirectories.Run;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code journal prune <dir> --keep N | --older-than D}: deletes whole run directories. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = {"Deletes whole run directories under a journal root (DIR/<flow>/<run-id>/) or one flow's"
        + " directory: all but the newest N runs of each flow (--keep), or the runs started more than a duration"
        + " ago (--older-than). Prints each run it deletes and the bytes freed.",
        "A run whose manifest says RUNNING is never deleted while its process runs. A crashed run (the manifest says"
            + " RUNNING, its process is gone from this machine) is kept too, and not counted by --keep, unless"
            + " --include-crashed. A run whose manifest cannot be read is kept.",
        "Exit code 1 if a deletion failed, 2 for bad options or when DIR holds no runs that way."})
final class JournalPruneCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A journal root or a flow's directory.")
  Path dir;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Rule rule;

  static final class Rule {
    @Option(names = "--keep", paramLabel = "N", required = true,
        description = "Keep the newest N runs of each flow (by start time), delete the older ones.")
    Integer keep;

    @Option(names = "--older-than", paramLabel = "DURATION", required = true, converter = DurationConverter.class,
        description = "Delete the runs that started more than DURATION ago: 7d, 12h, 30m (or ISO-8601 such as P7D).")
    Duration olderThan;
  }

  @Option(names = "--dry-run", description = "Print what would be deleted; delete nothing.")
  boolean dryRun;

  @Option(names = "--include-crashed",
      description = "Also delete (and count for --keep) crashed runs: the manifest says RUNNING, but the process that"
          + " wrote it is gone from this machine. Do not use it on a journal directory other machines write to.")
  boolean includeCrashed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rule.keep != null && rule.keep < 0) {
      err.println("journal prune: --keep must be 0 or more, got " + rule.keep);
      return 2;
    }
    List<Run> runs;
    try {
      runs = RunDirectories.find(dir);
    } catch (RunDirectories.NotARunRoot e) {
      err.println("journal prune: " + e.getMessage());
      return 2;
    }
    Instant before = rule.olderThan == null ? null : Instant.now().minus(rule.olderThan);
    RunPruner.Plan plan = RunPruner.plan(runs, rule.keep, before, includeCrashed, Map.of());
    return RunPruner.execute(plan, dryRun, out, err) ? 0 : 1;
  }
}

package dev.weir.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --keep-runs N}: after a completed disk run, its flow's directory is pruned to the newest N runs. */
final class KeepRuns {

  private KeepRuns() {}

  /**
   * Prunes the flow directory of {@code runDir} (the run just made, never deleted) to its newest
   * {@code keep} runs, keeping {@code replayed} (the run this one replayed, if any) too; says what it
   * deleted on {@code out}, what it could not on {@code err}. A failure to prune does not fail the run.
   */
  static void prune(Path runDir, int keep, Path replayed, PrintWriter out, PrintWriter err) {
    Map<Path, String> protect = new HashMap<>();
    protect.put(RunPruner.key(runDir), "the run just made");
    if (replayed != null) {
      protect.put(RunPruner.key(replayed), "the run this one replayed");
    }
    Path flowDir = runDir.getParent() != null ? runDir.getParent() : runDir.toAbsolutePath().getParent();
    try {
      List<RunDirectories.Run> runs = RunDirectories.find(flowDir);
      RunPruner.Plan plan = RunPruner.plan(runs, keep, null, false, protect);
      if (plan.delete().isEmpty() && plan.kept().isEmpty()) {
        return; // nothing beyond the newest N: nothing to say
      }
      out.println("--keep-runs " + keep + ": pruning " + flowDir);
      RunPruner.execute(plan, false, out, err);
    } catch (RunDirectories.NotARunRoot | IOException | RuntimeException e) {
      err.println("--keep-runs: could not prune the runs of " + flowDir + ": " + e.getMessage());
      err.flush();
    }
  }
}

package dev.weir.app;

import dev.weir.flow.DiskJournals;
import dev.weir.journal.JournalException;
import dev.weir.journal.RunComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code journal diff <run a> <run b>}: whether two runs of a flow wrote the same journals, record
 * for record ({@link RunComparison}), which is how a resumed run is checked against an
 * uninterrupted one. Its exit code tells the answer apart from a failure to compare: 0 the same,
 * 1 they differ, 2 either is not a readable run.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Compares the journals of two runs of a flow, record for record: every stage's data, error and"
        + " order journal (seq, kind, parent, joined, correlation id, depth, fallback, payload bytes; not"
        + " timestamps, run ids, the system journal or a dead letter's message). Order journals are compared by"
        + " the order their stage consumed its inputs in (how many records one poll took is timing).",
        "Prints the differences (at most " + RunComparison.SHOWN_PER_JOURNAL + " per journal, then how many more)"
            + " and a summary line. Exit code 0 when the runs are the same, 1 when they differ, 2 when either is"
            + " not a run directory or cannot be read. A sealed run needs WEIR_JOURNAL_KEY."})
final class JournalDiffCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "A run directory.")
  Path runA;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "The run directory to compare it with.")
  Path runB;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RunComparison c;
    try {
      c = RunComparison.compare(runA, runB, DiskJournals.keyFromEnvironment());
    } catch (IOException | JournalException | IllegalStateException e) {
      spec.commandLine().getErr().println("journal diff: cannot compare " + runA + " with " + runB + ": "
          + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    c.differences().forEach(out::println);
    c.notes().forEach(n -> out.println("note: " + n));
    out.println(c.summary());
    out.flush();
    return c.same() ? 0 : 1;
  }
}

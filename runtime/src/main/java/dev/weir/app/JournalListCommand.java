package dev.weir.app;

import dev.weir.app.RunDirectories.Run;
import dev.weir.flow.DiskJournals;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code journal list <dir>}: the runs under a journal root or a flow's directory, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"Lists the runs under a journal root (DIR/<flow>/<run-id>/, the --journal-dir of a flow) or under"
        + " one flow's directory, oldest first: flow, run id, start time, status, size on disk and the events its"
        + " sources emitted (their data records; ends of stream not counted).",
        "Status: COMPLETED, FAILED, CANCELLED; RUNNING while the process that writes the run runs; CRASHED when"
            + " the manifest says RUNNING but that process is gone from this machine (killed, or the machine"
            + " stopped); UNREADABLE when the manifest cannot be read.",
        "Exit code 2 when DIR holds no runs that way."})
final class JournalListCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A journal root or a flow's directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Run> runs;
    try {
      runs = RunDirectories.find(dir);
    } catch (RunDirectories.NotARunRoot e) {
      spec.commandLine().getErr().println("journal list: " + e.getMessage());
      return 2;
    }
    if (runs.isEmpty()) {
      out.println("no runs under " + dir);
      out.flush();
      return 0;
    }
    byte[] key = DiskJournals.keyFromEnvironment();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"flow", "run id", "started", "status", "size", "events"});
    long bytes = 0;
    boolean crashed = false;
    boolean unknownEvents = false;
    for (Run r : runs) {
      OptionalLong events = RunDirectories.sourceEvents(r, key);
      unknownEvents |= events.isEmpty();
      crashed |= r.status().equals("CRASHED");
      bytes += r.bytes();
      rows.add(new String[] {r.flow(), r.runId(), RunDirectories.shown(r.started()), r.status(),
          RunDirectories.human(r.bytes()), events.isPresent() ? Long.toString(events.getAsLong()) : "?"});
    }
    int[] width = new int[6];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      out.printf("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %-" + width[3] + "s  %" + width[4]
          + "s  %" + width[5] + "s%n", (Object[]) row);
    }
    out.println(runs.size() + " run" + (runs.size() == 1 ? "" : "s") + ", " + RunDirectories.human(bytes)
        + "; events: the data records of each run's sources");
    if (crashed) {
      out.println("CRASHED: the manifest says RUNNING, but the process that wrote it (the pid in the run id) is gone"
          + " from this machine; journal prune keeps such runs unless --include-crashed");
    }
    if (unknownEvents) {
      out.println("?: the sources' journals could not be read (a sealed run needs WEIR_JOURNAL_KEY; or see journal"
          + " verify)");
    }
    out.flush();
    return 0;
  }
}

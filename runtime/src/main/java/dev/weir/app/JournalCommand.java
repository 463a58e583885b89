package dev.weir.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.flow.DiskJournals;
import dev.weir.journal.Journal;
import dev.weir.flow.JournalRecord;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code journal inspect|cat|verify}: reads a run directory without running anything; {@code journal
 * list|prune}: the runs of a journal root or a flow's directory.
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = "Reads the journals of a run directory; lists and prunes the runs of a journal directory.",
    subcommands = {JournalCommand.Inspect.class, JournalCommand.Cat.class, JournalCommand.Verify.class,
        JournalListCommand.class, JournalPruneCommand.class, JournalDiffCommand.class})
final class JournalCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalCommand() {}

  /** Stages, counts, first and last seq, status and integrity of every journal. */
  @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Summarizes a run directory: per stage"
      + " its events (data records, a sink's receipts) with the seqs of the first and last, whether its data journal"
      + " ended (end: its end of stream, not counted among the events), its errors (dead letters) and integrity.")
  static final class Inspect implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Manifest m = Manifest.read(runDir);
      String status = RunDirectories.read(runDir).status(); // CRASHED for a RUNNING run whose writer is gone, as list says
      out.printf("run %s of flow %s: %s%s%n", m.runId(), m.flow(), status,
          m.detail() == null ? "" : " (" + m.detail() + ")");
      out.printf("created %s, ended %s, durability %s, hmac %s, weir %s%s%n", m.created(),
          m.ended() == null ? "-" : m.ended(), m.durability(), m.hmac() ? "yes" : "no", m.weirVersion(),
          m.replayOf() == null ? "" : ", replay of " + m.replayOf());
      if (m.settings() != null) {
        out.println("settings: " + m.settings().describe());
      }
      List<RunArchive.JournalCheck> checks = RunArchive.verify(runDir, DiskJournals.keyFromEnvironment());
      boolean whole = checks.stream().allMatch(RunArchive.JournalCheck::ok);
      out.printf("%-18s %-16s %10s %10s %10s %8s %8s  %s%n", "stage", "kind", "events", "first", "last", "end", "errors",
          "integrity");
      if (!whole) {
        printChecks(checks, out);
        return 1;
      }
      try (RunArchive archive = RunArchive.open(runDir, DiskJournals.keyFromEnvironment())) {
        for (Manifest.StageEntry s : m.stages()) {
          Journal data = archive.data(s.name());
          long last = data.recordsBeforeEnd(); // data records (a sink's receipts), not its end of stream
          boolean ended = data.endOfStream().isPresent();
          boolean torn = checks.stream()
              .anyMatch(c -> c.journal().startsWith(s.name() + ".") && c.tornTail().isPresent());
          String integrity = torn ? "torn tail" : "ok";
          out.printf("%-18s %-16s %10d %10s %10s %8s %8d  %s%n", s.name(), s.kind().toLowerCase(), last,
              last == 0 ? "-" : "1", last == 0 ? "-" : Long.toString(last), ended ? "yes" : "no",
              archive.errors(s.name()).recordsBeforeEnd(), integrity);
        }
        out.printf("system journal: %d records%n", archive.system().lastSeq());
        archive.tornTails().forEach(t -> out.println("note: " + t));
      }
      return 0;
    }
  }

  /** Records as JSON lines. */
  @Command(name = "cat", mixinStandardHelpOptions = true, description = "Prints a stage's records as JSON lines.")
  static final class Cat implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Parameters(index = "1", paramLabel = "STAGE", description = "A stage name, or 'system'.")
    String stage;

    @Option(names = "--errors", description = "The stage's error journal instead of its data journal.")
    boolean errors;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "1", description = "First seq (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Long.MAX_VALUE, description = "At most N records.")
    long limit;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (RunArchive archive = RunArchive.open(runDir, DiskJournals.keyFromEnvironment())) {
        Journal j;
        if (stage.equals("system")) {
          j = archive.system();
        } else if (archive.manifest().stage(stage).isEmpty()) {
          spec.commandLine().getErr().println("run " + runDir + " has no stage '" + stage + "'; stages: "
              + archive.manifest().stages().stream().map(Manifest.StageEntry::name).toList() + " and system");
          return 2;
        } else {
          j = errors ? archive.errors(stage) : archive.data(stage);
        }
        long seq = Math.max(1, from);
        long printed = 0;
        while (printed < limit) {
          List<JournalRecord> batch = j.read(seq, (int) Math.min(4096, limit - printed));
          if (batch.isEmpty()) {
            break;
          }
          for (JournalRecord r : batch) {
            out.println(JSON.writeValueAsString(line(r)));
            printed++;
          }
          seq = batch.get(batch.size() - 1).seq() + 1;
        }
      }
      out.flush();
      return 0;
    }

    private static ObjectNode line(JournalRecord r) {
      ObjectNode n = JSON.createObjectNode();
      n.put("seq", r.seq());
      n.put("kind", r.kind().name());
      if (r.parent().seq() > 0) {
        n.put("parent", r.parent().toString());
      }
      if (r.joined().seq() > 0) {
        n.put("joined", r.joined().toString());
      }
      n.put("correlation", r.correlationId());
      if (r.depth() > 0) {
        n.put("depth", r.depth());
      }
      n.put("timestamp", r.timestamp());
      if (r.fallback()) {
        n.put("fallback", true);
      }
      n.set("payload", JSON.valueToTree(r.payload()));
      return n;
    }
  }

  /** CRC, seq and HMAC check of every journal file. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Checks every journal of a run: CRC32C, seq continuity, HMAC chain, and that the run is whole"
          + " (record counts as the manifest recorded them, ends of stream, the manifest's seal). Exit 1 on any problem.")
  static final class Verify implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      List<RunArchive.JournalCheck> checks = RunArchive.verify(runDir, DiskJournals.keyFromEnvironment());
      printChecks(checks, out);
      long bad = checks.stream().filter(c -> !c.ok()).count();
      long journals = checks.stream().filter(c -> !c.journal().equals("manifest")).count();
      out.println(bad == 0 ? "verified " + journals + " journals: no corruption, nothing missing"
          : bad + " problem" + (bad == 1 ? "" : "s") + " in the " + journals + " journals of " + runDir
              + ": the run is corrupt or not whole");
      out.flush();
      return bad == 0 ? 0 : 1;
    }
  }

  private static void printChecks(List<RunArchive.JournalCheck> checks, PrintWriter out) {
    for (RunArchive.JournalCheck c : checks) {
      if (c.problem().isPresent()) {
        out.println("CORRUPT " + c.journal() + ": " + c.problem().get());
      } else {
        out.printf("ok      %-24s %10d records %8d seals%s%n", c.journal(), c.records(), c.seals(),
            c.tornTail().map(t -> "  (" + t + ")").orElse(""));
      }
    }
  }
}

package dev.weir.app;

import dev.weir.app.RunDirectories.Liveness;
import dev.weir.app.RunDirectories.Run;
import dev.weir.journal.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Deletes whole run directories: beyond the newest N of each flow, or those started before a time.
 * Never a run whose manifest says RUNNING while its process may still run; a crashed one (RUNNING, its
 * process gone) only when asked to; never a run whose manifest cannot be read, nor a protected one.
 */
final class RunPruner {

  private RunPruner() {}

  /** A run that stays though the rule would have deleted it, or that is worth a word. */
  record Kept(Run run, String why) {}

  /** What a prune deletes, and the runs it keeps that are worth a word. */
  record Plan(List<Run> delete, List<Kept> kept) {}

  /**
   * What to delete from {@code runs}.
   *
   * @param keep keep the newest {@code keep} runs of each flow directory (by start), delete older
   *     ones; {@code null} for no such rule. The count is of the runs a prune may delete: ended ones,
   *     and crashed ones with {@code includeCrashed}; protected runs count too
   * @param startedBefore delete runs started before it; {@code null} for no such rule
   * @param includeCrashed whether a run whose manifest says RUNNING but whose process is gone may go
   * @param protect runs never deleted, with why, by their directories (absolute, normalized)
   */
  static Plan plan(List<Run> runs, Integer keep, Instant startedBefore, boolean includeCrashed,
      Map<Path, String> protect) {
    List<Kept> kept = new ArrayList<>();
    Map<String, List<Run>> candidates = new LinkedHashMap<>();
    for (Run r : runs) {
      String why = unprunable(r, includeCrashed);
      if (why != null) {
        kept.add(new Kept(r, why));
      } else {
        candidates.computeIfAbsent(r.dir().toAbsolutePath().getParent().toString(), k -> new ArrayList<>()).add(r);
      }
    }
    List<Run> delete = new ArrayList<>();
    for (List<Run> flow : candidates.values()) {
      List<Run> newestFirst = new ArrayList<>(flow);
      newestFirst.sort(Comparator.comparing(Run::started).thenComparing(Run::runId).reversed());
      for (int i = 0; i < newestFirst.size(); i++) {
        Run r = newestFirst.get(i);
        boolean byCount = keep != null && i >= keep;
        boolean byAge = startedBefore != null && r.started().isBefore(startedBefore);
        if (keep == null && startedBefore != null && r.started().equals(Instant.EPOCH)) {
          kept.add(new Kept(r, "its start time is unknown"));
          continue;
        }
        if (!(byCount || byAge)) {
          continue;
        }
        String protectedWhy = protect.isEmpty() ? null : protect.get(key(r.dir()));
        if (protectedWhy != null) {
          kept.add(new Kept(r, protectedWhy));
        } else {
          delete.add(r);
        }
      }
    }
    delete.sort(Comparator.comparing(Run::started).thenComparing(Run::flow).thenComparing(Run::runId));
    return new Plan(delete, kept);
  }

  /** The key of {@code dir} in a protect map. */
  static Path key(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException | RuntimeException gone) {
      return dir.toAbsolutePath().normalize();
    }
  }

  /** Why {@code r} is never deleted, or {@code null} if it may be. */
  private static String unprunable(Run r, boolean includeCrashed) {
    if (r.manifest() == null) {
      return "its manifest cannot be read (" + r.problem() + ")";
    }
    if (!r.running()) {
      return null;
    }
    OptionalLong pid = RunDirectories.pid(r.runId());
    String process = pid.isPresent() ? "its process (pid " + pid.getAsLong() + ")" : "its process";
    if (r.liveness() == Liveness.LIVE) {
      return "RUNNING: " + process + " runs";
    }
    if (r.liveness() == Liveness.UNKNOWN) {
      return "RUNNING: the manifest says so, and whether " + process + " runs cannot be told";
    }
    return includeCrashed ? null : "CRASHED: the manifest says RUNNING but " + process + " is gone from this machine;"
        + " --include-crashed deletes such runs";
  }

  /**
   * Carries out {@code plan}, or with {@code dryRun} only says what it would do; one line per run, then
   * the total.
   *
   * @return whether every deletion succeeded
   */
  static boolean execute(Plan plan, boolean dryRun, PrintWriter out, PrintWriter err) {
    for (Kept k : plan.kept()) {
      out.println("kept " + k.run().dir() + ": " + k.why());
    }
    long freed = 0;
    int deleted = 0;
    boolean ok = true;
    for (Run r : plan.delete()) {
      String what = r.dir() + " (" + r.status() + ", started " + RunDirectories.shown(r.started()) + ", "
          + RunDirectories.human(r.bytes()) + ")";
      if (dryRun) {
        out.println("would delete " + what);
        freed += r.bytes();
        deleted++;
        continue;
      }
      try {
        String now = stillPrunable(r);
        if (now != null) {
          out.println("kept " + r.dir() + ": " + now);
          continue;
        }
        freed += delete(r.dir());
        deleted++;
        out.println("deleted " + what);
      } catch (IOException | RuntimeException e) {
        ok = false;
        err.println("could not delete " + r.dir() + ": " + e);
      }
    }
    String runs = deleted + " run" + (deleted == 1 ? "" : "s");
    out.println(dryRun ? "would delete " + runs + ", freeing " + freed + " bytes (" + RunDirectories.human(freed)
        + "); dry run: nothing was deleted" : "deleted " + runs + ", freed " + freed + " bytes ("
        + RunDirectories.human(freed) + ")");
    out.flush();
    err.flush();
    return ok;
  }

  /** Reads the manifest again just before deleting: {@code null} if the run is as planned, else why it stays. */
  private static String stillPrunable(Run r) throws IOException {
    Manifest now = Manifest.read(r.dir());
    if (!now.status().equals(r.manifest().status()) || !now.runId().equals(r.runId())) {
      return "its manifest changed since it was read (now " + now.status() + ")";
    }
    return null;
  }

  /**
   * Deletes the run directory {@code dir}: its journals first, its manifest last (a deletion cut short
   * leaves a directory that is still seen as a run, and pruned again), then the directory.
   *
   * @return the bytes of the files deleted
   */
  static long delete(Path dir) throws IOException {
    Path manifest = dir.resolve(Manifest.FILE);
    long[] freed = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!file.equals(manifest)) {
          deleteCounted(file, attrs.size());
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        if (!d.equals(dir)) {
          Files.delete(d);
        }
        return FileVisitResult.CONTINUE;
      }

      private void deleteCounted(Path file, long size) throws IOException {
        try {
          Files.delete(file);
          freed[0] += size;
        } catch (NoSuchFileException gone) {
          // deleted meanwhile
        }
      }
    });
    long size = Files.size(manifest);
    Files.delete(manifest);
    freed[0] += size;
    Files.delete(dir);
    return freed[0];
  }
}

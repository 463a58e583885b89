package dev.weir.app;

import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs under a journal root ({@code <root>/<flow>/<run-id>/}) or under one flow's directory
 * ({@code <flow>/<run-id>/}): what {@code journal list} shows and {@code journal prune} and
 * {@code --keep-runs} delete from.
 *
 * <p>A run is live when its manifest says {@code RUNNING} and the process that writes it still runs:
 * it holds the run's lock file ({@code RunLock}), which the system releases when that process ends. For
 * runs written before runs had a lock file, the run id holds that process's pid ({@code <yyyyMMdd'T'HHmmss'Z'>-<pid>-<n>}): a run whose pid is no
 * longer a process on this machine, or is one that started after the run did (the pid was reused),
 * crashed, or was killed, without ending its manifest. This is judged on the machine that asks: a
 * run written on another machine (a shared disk) looks crashed here. A run id of another shape, or a
 * process that cannot be looked at, leaves it unknown, which is treated as live.
 */
final class RunDirectories {

  /** The shape of the run ids the engine makes: start time, pid, a counter. */
  private static final Pattern RUN_ID = Pattern.compile("\\d{8}T\\d{6}Z-(\\d+)-\\d+");

  /** How much later than the run a process may seem to have started and still be the run's (clock granularity). */
  private static final Duration START_SLACK = Duration.ofSeconds(5);

  private RunDirectories() {}

  /** Whether the process that writes a RUNNING run still runs. */
  enum Liveness {
    /** The run's process runs (or this is the process). */
    LIVE,
    /** The run's process is gone: the run crashed or was killed before it ended. */
    GONE,
    /** It cannot be told (a run id without a pid, a process that cannot be looked at): treated as live. */
    UNKNOWN
  }

  /** A directory that holds no runs the way a journal root or a flow's directory does. */
  static final class NotARunRoot extends Exception {
    private static final long serialVersionUID = 1L;

    NotARunRoot(String message) {
      super(message);
    }
  }

  /**
   * One run directory.
   *
   * @param dir the run directory
   * @param manifest its manifest; {@code null} when it cannot be read
   * @param problem why the manifest cannot be read, or {@code null}
   * @param started when the run started (the manifest's {@code created}); {@link Instant#EPOCH} if unknown
   * @param liveness for a RUNNING run, whether it still runs; {@code null} for the others
   * @param bytes the size of everything in the directory
   */
  record Run(Path dir, Manifest manifest, String problem, Instant started, Liveness liveness, long bytes) {

    /** The flow's directory name: what runs are grouped by. */
    String flowDir() {
      return dir.getParent().getFileName().toString();
    }

    String flow() {
      return manifest == null ? flowDir() : manifest.flow();
    }

    String runId() {
      return manifest == null ? dir.getFileName().toString() : manifest.runId();
    }

    /** COMPLETED, FAILED, CANCELLED, RUNNING (live or cannot be told), CRASHED (RUNNING, its process gone), UNREADABLE. */
    String status() {
      if (manifest == null) {
        return "UNREADABLE";
      }
      return "RUNNING".equals(manifest.status()) && liveness == Liveness.GONE ? "CRASHED" : manifest.status();
    }

    /** Whether the manifest says the run is still going (it may have crashed). */
    boolean running() {
      return manifest != null && "RUNNING".equals(manifest.status());
    }
  }

  /**
   * The runs under {@code dir}, a journal root or one flow's directory, sorted by start (oldest
   * first), then flow and run id.
   *
   * @throws NotARunRoot when {@code dir} is not a directory, is a run directory itself, or holds
   *     other things than runs and holds no run
   */
  static List<Run> find(Path dir) throws NotARunRoot, IOException {
    if (!Files.isDirectory(dir)) {
      throw new NotARunRoot(dir + " is not a directory");
    }
    if (Files.isRegularFile(dir.resolve(Manifest.FILE))) {
      Path parent = dir.toAbsolutePath().getParent();
      throw new NotARunRoot(dir + " is a run directory, not a directory of runs: give its flow's directory ("
          + parent + ") or the journal root (" + parent.getParent() + ")");
    }
    List<Path> runs = runsIn(dir);
    if (runs.isEmpty()) {
      List<Path> flows = children(dir);
      for (Path flow : flows) {
        try {
          runs.addAll(runsIn(flow));
        } catch (IOException unreadable) {
          // not a flow's directory of runs (this is no journal root, unless runs are elsewhere in it)
        }
      }
      if (runs.isEmpty() && !(flows.stream().allMatch(RunDirectories::emptyDirectory) && onlyDirectories(dir))) {
        throw new NotARunRoot(dir + " is not a journal root (<root>/<flow>/<run-id>/) nor a flow's directory"
            + " (<flow>/<run-id>/): no run directory (one with a " + Manifest.FILE + ") is there");
      }
    }
    List<Run> out = new ArrayList<>();
    for (Path r : runs) {
      out.add(read(r));
    }
    out.sort(Comparator.comparing(Run::started).thenComparing(Run::flow).thenComparing(Run::runId));
    return out;
  }

  private static List<Path> children(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(s.filter(Files::isDirectory).sorted().toList());
    }
  }

  private static List<Path> runsIn(Path dir) throws IOException {
    List<Path> runs = children(dir);
    runs.removeIf(p -> !Files.isRegularFile(p.resolve(Manifest.FILE)));
    return runs;
  }

  private static boolean onlyDirectories(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(Files::isDirectory);
    }
  }

  private static boolean emptyDirectory(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** The run in {@code dir}, its liveness judged from this process, with this machine's processes. */
  static Run read(Path dir) throws IOException {
    return read(dir, ProcessHandle.current().pid(), RunDirectories::process);
  }

  /** The run in {@code dir}, its liveness judged with {@code processes} from the process {@code self}. */
  static Run read(Path dir, long self, LongFunction<Optional<ProcessHandle>> processes) throws IOException {
    long bytes = size(dir);
    Manifest m;
    try {
      m = Manifest.read(dir);
    } catch (IOException | RuntimeException e) {
      return new Run(dir, null, e.getMessage(), Instant.EPOCH, null, bytes);
    }
    Instant started = instant(m.created());
    // the writer's lock tells best (a resumed run's id holds the pid of the process that started it);
    // runs written before runs had a lock file are told by their run id's pid
    Liveness liveness = !"RUNNING".equals(m.status()) ? null
        : dev.weir.journal.RunLock.held(dir).map(held -> held ? Liveness.LIVE : Liveness.GONE)
            .orElseGet(() -> liveness(m.runId(), started, self, processes));
    return new Run(dir, m, null, started, liveness, bytes);
  }

  /**
   * Whether the process that started the run {@code runId} at {@code started} still runs: the pid in
   * the run id, looked up with {@code processes}, is this process ({@code self}), or a process that
   * started no later than the run.
   */
  static Liveness liveness(String runId, Instant started, long self, LongFunction<Optional<ProcessHandle>> processes) {
    Matcher m = RUN_ID.matcher(runId == null ? "" : runId);
    if (!m.matches()) {
      return Liveness.UNKNOWN;
    }
    long pid;
    try {
      pid = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return Liveness.UNKNOWN;
    }
    if (pid == self) {
      return Liveness.LIVE;
    }
    Optional<ProcessHandle> p;
    try {
      p = processes.apply(pid);
    } catch (SecurityException | UnsupportedOperationException e) {
      return Liveness.UNKNOWN;
    }
    if (p.isEmpty() || !p.get().isAlive()) {
      return Liveness.GONE;
    }
    Optional<Instant> processStart = p.get().info().startInstant();
    if (processStart.isPresent() && !started.equals(Instant.EPOCH)
        && processStart.get().isAfter(started.plus(START_SLACK))) {
      return Liveness.GONE; // the pid was reused by a process that started after the run
    }
    return Liveness.LIVE;
  }

  /**
   * The process {@code pid}, if it runs: not when it has exited but its parent has not reaped it yet
   * (a zombie, which {@link ProcessHandle#isAlive()} takes for alive; told from {@code /proc} where
   * there is one).
   */
  static Optional<ProcessHandle> process(long pid) {
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isPresent()) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        int end = stat.lastIndexOf(')'); // after the command name, which may hold spaces and parentheses
        char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
        if (state == 'Z' || state == 'X') {
          return Optional.empty();
        }
      } catch (IOException | RuntimeException noProc) {
        // no /proc here (or the process just went): take ProcessHandle's word
      }
    }
    return p;
  }

  /** The pid in a run id of the engine's shape. */
  static OptionalLong pid(String runId) {
    Matcher m = RUN_ID.matcher(runId == null ? "" : runId);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private static Instant instant(String iso) {
    try {
      return iso == null ? Instant.EPOCH : Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** The bytes of every file under {@code dir} (links not followed). */
  static long size(Path dir) throws IOException {
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        total[0] += attrs.size();
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) {
        return FileVisitResult.CONTINUE; // a file removed meanwhile (a live run rolls segments)
      }
    });
    return total[0];
  }

  /**
   * How many events the run's sources emitted: their data records, ends of stream left out. From the
   * manifest's counts for a completed run (every journal ends with its end of stream); otherwise read
   * from the sources' journals. Empty when that cannot be read (a sealed run without its key, a
   * corrupt journal).
   */
  static OptionalLong sourceEvents(Run run, byte[] key) {
    Manifest m = run.manifest();
    if (m == null) {
      return OptionalLong.empty();
    }
    List<Manifest.StageEntry> sources = m.stages().stream().filter(s -> "SOURCE".equals(s.kind())).toList();
    if ("COMPLETED".equals(m.status()) && m.journals() != null) {
      long sum = 0;
      for (Manifest.StageEntry s : sources) {
        Long count = m.journals().get(s.name() + ".data");
        if (count == null || count < 1) {
          sum = -1;
          break;
        }
        sum += count - 1;
      }
      if (sum >= 0) {
        return OptionalLong.of(sum);
      }
    }
    try (RunArchive archive = RunArchive.open(run.dir(), key)) {
      long sum = 0;
      for (Manifest.StageEntry s : sources) {
        sum += archive.data(s.name()).recordsBeforeEnd();
      }
      return OptionalLong.of(sum);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code bytes} the way a person reads it: {@code 812 B}, {@code 4.0 KiB}, {@code 1.2 MiB}. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** A start time to the second, as {@code journal list} shows it; {@code -} if unknown. */
  static String shown(Instant started) {
    return started.equals(Instant.EPOCH) ? "-" : started.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

package dev.weir.journal;

import dev.weir.flow.JournalRecord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.RecordKind;
import dev.weir.flow.Durability;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import dev.weir.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes of a flow writing disk journals ({@code ticks |> triple |> sink}).
 *
 * <p>kill -9 of a child JVM at the moment its sink has received a seeded number of ticks: the
 * page cache survives, so every journal reopens as an exact prefix of what was written (no missing
 * or duplicate seq, no corruption), a torn tail (the kill landed inside a write of large records)
 * is found and cut back to the last whole record, no stage holds an event its upstream's journal
 * lacks, and a replay of the crashed run reproduces what it wrote.
 *
 * <p>A power cut, in process: segment files lose what was not synced (a fault-injecting channel
 * records each file's length at its last sync). With BATCH durability no journal then holds an
 * event derived from, or a receipt for, an upstream event its upstream's journal lost; with NONE
 * that promise breaks.
 */
class CrashTest {

  /** About how long each tick's record is in the kill test, so that a kill lands inside a write. */
  private static final int PAD_BYTES = 4096;

  @TempDir
  Path tmp;

  // ---- kill -9 ----

  @Test
  void killMinus9_atFiftySeededMoments_leavesPrefixJournals() throws Exception {
    crashes(50);
  }

  @Test
  @Tag("long")
  void killMinus9_atFiveHundredSeededMoments_leavesPrefixJournals() throws Exception {
    crashes(500);
  }

  private void crashes(int seeds) throws Exception {
    int torn = 0;
    for (int seed = 1; seed <= seeds; seed++) {
      String durability = seed % 5 == 0 ? "batch" : "none";
      torn += crashOnce(seed, durability);
    }
    System.out.println("crash test: " + seeds + " kills, " + torn + " torn tails found and cut back");
    // how many kills land inside a piecewise write is timing: 26 of 50 when this was written, 1 to 9 of 50
    // on 2026-12-04, so it is reported, not asserted. crashOnce checks each kill's journals, each torn
    // tail with assertTornTailCutsBackToTheLastWholeRecord; JournalFaultTest cuts a segment at every
    // offset of its last two records and checks each torn tail found, deterministically.
  }

  /** The sink's tick count at which seed {@code seed} kills the child. */
  static long killAt(long seed) {
    return 1 + (seed * 7919L) % 1500;
  }

  /** Runs, kills and checks one child; returns how many of its journals had a torn tail. */
  private int crashOnce(int seed, String durability) throws Exception {
    Path root = tmp.resolve("seed-" + seed);
    long k = killAt(seed);
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, CrashChild.class.getName(),
        root.toString(), durability, Long.toString(k), Integer.toString(PAD_BYTES))
        .redirectErrorStream(true)
        .start();
    Path runDir = null;
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the child is gone
        }
        lines.add("EOF");
      }, "crash-child-output");
      reader.setDaemon(true);
      reader.start();
      boolean reached = false;
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!reached || runDir == null) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(line).as("seed %d: the child's next line after %s", seed, seen).isNotNull().isNotEqualTo("EOF");
        seen.add(line);
        if (line.equals("AT " + k)) {
          child.destroyForcibly(); // SIGKILL, the moment the sink has received the k-th tick
          reached = true;
        } else if (line.startsWith("RUNNING ")) {
          runDir = Path.of(line.substring("RUNNING ".length()));
        }
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }

    long ticks;
    long tripled;
    long receipts;
    List<String> tornTails;
    try (RunArchive archive = RunArchive.open(runDir, CrashChild.flow(), null)) {
      tornTails = archive.tornTails();
      List<JournalRecord> source = archive.data("ticks").readAll();
      List<JournalRecord> triple = archive.data("triple").readAll();
      List<JournalRecord> sink = archive.data("sink").readAll();
      ticks = source.size();
      tripled = triple.size();
      receipts = sink.size();
      for (int i = 0; i < source.size(); i++) {
        assertThat(source.get(i).seq()).isEqualTo(i + 1);
        assertThat(source.get(i).payload()).isEqualTo(new CrashChild.Tick(i, i, CrashChild.pad(PAD_BYTES, i)));
      }
      for (int i = 0; i < triple.size(); i++) {
        JournalRecord r = triple.get(i);
        assertThat(r.seq()).isEqualTo(i + 1);
        assertThat(r.payload()).isEqualTo(new CrashChild.Tick(i, 3L * i, CrashChild.pad(PAD_BYTES, i)));
        assertThat(r.parent().seq()).isEqualTo(i + 1);
      }
      for (int i = 0; i < sink.size(); i++) {
        assertThat(sink.get(i).kind()).isEqualTo(RecordKind.RECEIPT);
        assertThat(sink.get(i).parent().seq()).isEqualTo(i + 1);
      }
      assertThat(tripled).as("seed %d (%s): triple read only what ticks had journaled", seed, durability)
          .isLessThanOrEqualTo(ticks);
      assertThat(receipts).as("seed %d: the sink consumed only what triple had journaled", seed)
          .isLessThanOrEqualTo(tripled);
      // the kill came after the sink received the k-th tick: triple journaled at least k of them
      assertThat(tripled).as("seed %d: killed at tick %d of the sink", seed, k).isGreaterThanOrEqualTo(k);
      assertThat(archive.manifest().status()).isEqualTo("RUNNING");
    }
    List<RunArchive.JournalCheck> checks = RunArchive.verify(runDir, null);
    assertThat(checks).allMatch(RunArchive.JournalCheck::ok);
    for (RunArchive.JournalCheck c : checks) {
      if (c.tornTail().isPresent()) {
        assertTornTailCutsBackToTheLastWholeRecord(runDir, c);
      }
    }
    assertThat(checks.stream().filter(c -> c.tornTail().isPresent()).count()).isEqualTo(tornTails.size());

    FlowHandle replay = CrashChild.flow().builder().journals(Journals.memory()).replayFrom(runDir).allowIncomplete().start();
    FlowResult r = replay.await(Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("replay hangs"));
    assertThat(r.state()).as("seed %d: replay %s", seed, r).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("ticks").emitted()).isEqualTo(ticks);
    assertThat(r.stage("triple").emitted()).isEqualTo(ticks);
    try (RunArchive archive = RunArchive.open(runDir, CrashChild.flow(), null)) {
      List<JournalRecord> original = archive.data("triple").readAll();
      List<JournalRecord> again = replay.journals().data("triple").read(1, original.size());
      List<Object> a = new ArrayList<>();
      List<Object> b = new ArrayList<>();
      original.forEach(x -> a.add(x.payload()));
      again.forEach(x -> b.add(x.payload()));
      assertThat(b).as("seed %d: the replay starts with what the crashed run wrote", seed).isEqualTo(a);
    }
    deleteTree(root); // tens of MB per seed
    return tornTails.size();
  }

  private static final Pattern TORN = Pattern.compile("torn tail in (\\S+) at offset (\\d+) \\(seq (\\d+)");

  /**
   * A torn tail is reported after the last whole record: cutting the segment there (as opening it
   * for append does) leaves the same records and no tail.
   */
  private static void assertTornTailCutsBackToTheLastWholeRecord(Path runDir, RunArchive.JournalCheck c)
      throws IOException {
    Matcher m = TORN.matcher(c.tornTail().orElseThrow());
    assertThat(m.find()).as(c.tornTail().orElseThrow()).isTrue();
    assertThat(Long.parseLong(m.group(3))).as("first lost seq of %s", c).isEqualTo(c.lastSeq() + 1);
    Path segment;
    try (Stream<Path> files = Files.walk(runDir)) {
      segment = files.filter(p -> p.getFileName().toString().equals(m.group(1))
          && p.getParent().getFileName().toString().startsWith(c.journal())).findFirst().orElseThrow();
    }
    long offset = Long.parseLong(m.group(2));
    assertThat(Files.size(segment)).as("%s holds bytes past the cut", segment).isGreaterThan(offset);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(offset);
    }
    RunArchive.JournalCheck after = RunArchive.verify(runDir, null).stream()
        .filter(x -> x.journal().equals(c.journal())).findFirst().orElseThrow();
    assertThat(after.ok()).as(after.toString()).isTrue();
    assertThat(after.tornTail()).as("after the cut: %s", after).isEmpty();
    assertThat(after.lastSeq()).isEqualTo(c.lastSeq());
    assertThat(after.records()).isEqualTo(c.records());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ---- power cut ----

  @Test
  void powerCut_batchJournalsNeverHoldWhatTheirUpstreamLost_noneJournalsDo() throws Exception {
    List<String> noneBroken = new ArrayList<>();
    for (int seed = 1; seed <= 8; seed++) {
      // odd seeds: the disk kept nothing that was not synced; even seeds: some of it, file by file
      Cut batch = powerCut(seed, Durability.batch(), seed % 2 == 0);
      assertThat(batch.broken()).as("seed %d, BATCH: %s", seed, batch).isEmpty();
      Cut none = powerCut(seed, Durability.none(), true);
      if (!none.broken().isEmpty()) {
        noneBroken.add("seed " + seed + ": " + none.broken());
      }
    }
    System.out.println("power cut: NONE broke the promise in " + noneBroken);
    assertThat(noneBroken).as("with NONE, some power cut leaves a stage holding what its upstream lost").isNotEmpty();
  }

  /** What one power cut left: the BATCH promise's violations (none if it held), and the files. */
  record Cut(List<String> broken, List<String> files) {}

  private Cut powerCut(int seed, Durability durability, boolean writeback) throws Exception {
    PowerCutFaults power = new PowerCutFaults();
    long k = 1 + (seed * 7919L) % 20_000;
    AtomicLong received = new AtomicLong();
    FlowHandle h = CrashChild.flow(0, t -> {
      if (received.incrementAndGet() == k) {
        power.cut(); // at the sink's k-th tick
      }
    }).builder().journals(new FaultInjectingJournals(Journals.disk(tmp.resolve("power-" + durability + "-" + seed)).durability(durability)
        , power)).start();
    Path runDir = h.journals().directory().orElseThrow();
    // the manifest as it was synced at start: a power cut stops the process before the end rewrites it
    byte[] manifestAtStart = java.nio.file.Files.readAllBytes(runDir.resolve(Manifest.FILE));
    try {
      Await.until("the sink's tick " + k, () -> power.isCut() || h.state().isTerminal());
    } finally {
      h.stop(StopMode.CANCEL); // the files are not used after the cut: whatever the run does now is lost
      h.await(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("a cancelled run did not end"));
    }
    assertThat(power.isCut()).as("seed %d: the run ended before the cut: %s", seed, h).isTrue();
    List<String> files = power.applyTo(seed, writeback);
    java.nio.file.Files.write(runDir.resolve(Manifest.FILE), manifestAtStart);

    String where = "seed " + seed + " " + durability + (writeback ? " (writeback)" : "") + " " + files;
    assertThat(RunArchive.verify(runDir, null)).as(where).allMatch(RunArchive.JournalCheck::ok);
    List<String> broken = new ArrayList<>();
    String pad = CrashChild.pad(0, 0);
    try (RunArchive archive = RunArchive.open(runDir, CrashChild.flow(), null)) {
      List<JournalRecord> source = archive.data("ticks").readAll();
      List<JournalRecord> triple = archive.data("triple").readAll();
      List<JournalRecord> sink = archive.data("sink").readAll();
      // each journal is an exact prefix of what its stage wrote
      for (int i = 0; i < source.size(); i++) {
        assertThat(source.get(i).seq()).as(where).isEqualTo(i + 1);
        assertThat(source.get(i).payload()).as(where).isEqualTo(new CrashChild.Tick(i, i, pad));
      }
      for (int i = 0; i < triple.size(); i++) {
        assertThat(triple.get(i).seq()).as(where).isEqualTo(i + 1);
        assertThat(triple.get(i).payload()).as(where).isEqualTo(new CrashChild.Tick(i, 3L * i, pad));
        assertThat(triple.get(i).parent()).as(where).isEqualTo(new dev.weir.flow.EventRef("ticks", i + 1));
      }
      for (int i = 0; i < sink.size(); i++) {
        assertThat(sink.get(i).kind()).as(where).isEqualTo(RecordKind.RECEIPT);
        assertThat(sink.get(i).parent()).as(where).isEqualTo(new dev.weir.flow.EventRef("triple", i + 1));
      }
      // the promise: nothing downstream descends from an upstream event the upstream's journal lost
      if (!triple.isEmpty() && triple.get(triple.size() - 1).parent().seq() > source.size()) {
        broken.add("triple holds ticks#" + triple.get(triple.size() - 1).parent().seq() + ", ticks kept "
            + source.size());
      }
      if (!sink.isEmpty() && sink.get(sink.size() - 1).parent().seq() > triple.size()) {
        broken.add("sink has a receipt for triple#" + sink.get(sink.size() - 1).parent().seq() + ", triple kept "
            + triple.size());
      }
      if (durability.mode() == Durability.Mode.BATCH && !writeback) {
        // everything the sink had received when the power went was synced all the way up
        assertThat((long) triple.size()).as(where).isGreaterThanOrEqualTo(k);
      }
    }
    deleteTree(runDir);
    return new Cut(broken, files);
  }
}

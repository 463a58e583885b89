package dev.weir.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a child JVM writing a flow, at moments chosen by seeds. After each crash every journal
 * reopens as an exact prefix of what was written (no missing or duplicate seq, no corruption), no
 * stage holds an event its upstream's journal lacks (with BATCH: what a reader saw was on disk),
 * and a replay of the crashed run reproduces what it wrote.
 */
class CrashTest {

  @TempDir
  Path tmp;

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
      String durability = seed % 5 == 0 ? "none" : "batch";
      torn += crashOnce(seed, durability) ? 1 : 0;
    }
    // reported for the record; a tear needs the kill to land inside a write
    System.out.println("crash test: " + seeds + " kills, " + torn + " with a torn tail");
  }

  /** Returns whether any journal had a torn tail. */
  private boolean crashOnce(int seed, String durability) throws Exception {
    Path root = tmp.resolve("seed-" + seed);
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, CrashChild.class.getName(),
        root.toString(), durability)
        .redirectErrorStream(true)
        .start();
    Path runDir;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("seed %d: child's first line", seed).startsWith("RUNNING ");
      runDir = Path.of(line.substring("RUNNING ".length()));
      long delayMillis = 20 + (seed * 7919L) % 300;
      Thread.sleep(delayMillis);
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    long ticks;
    long tripled;
    long receipts;
    boolean tornTail;
    try (RunArchive archive = RunArchive.open(runDir, CrashChild.flow(), null)) {
      tornTail = !archive.tornTails().isEmpty();
      List<JournalRecord> source = archive.data("ticks").readAll();
      List<JournalRecord> triple = archive.data("triple").readAll();
      ticks = source.size();
      tripled = triple.size();
      receipts = archive.data("sink").lastSeq();
      for (int i = 0; i < source.size(); i++) {
        assertThat(source.get(i).seq()).isEqualTo(i + 1);
        assertThat(source.get(i).payload()).isEqualTo(new CrashChild.Tick(i, i));
      }
      for (int i = 0; i < triple.size(); i++) {
        JournalRecord r = triple.get(i);
        assertThat(r.seq()).isEqualTo(i + 1);
        assertThat(r.payload()).isEqualTo(new CrashChild.Tick(i, 3L * i));
        assertThat(r.parent().seq()).isEqualTo(i + 1);
      }
      assertThat(tripled).as("seed %d (%s): triple read only what ticks had journaled", seed, durability)
          .isLessThanOrEqualTo(ticks);
      assertThat(receipts).as("seed %d: the sink consumed only what triple had journaled", seed)
          .isLessThanOrEqualTo(tripled);
      assertThat(archive.manifest().status()).isEqualTo("RUNNING");
    }
    assertThat(RunArchive.verify(runDir, null)).allMatch(RunArchive.JournalCheck::ok);

    FlowHandle replay = CrashChild.flow().builder().journals(Journals.memory()).replayFrom(runDir).allowIncomplete().start();
    FlowResult r = replay.await();
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
    return tornTail;
  }
}

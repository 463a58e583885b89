package dev.weir.resume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import dev.weir.journal.RunComparison;
import dev.weir.replay.Difference;
import dev.weir.replay.ReplayVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a child JVM running {@link ResumeFlows#chain} at a seeded point (when its sink is handed
 * a seeded input, or a seeded time after it starts, which can land in the middle of a resume's
 * re-derivation), then resumed in another child JVM, which a third of the seeds kill again and resume
 * once more. Each resumed run must complete, with every contract passed, and then:
 * <ul>
 *   <li>its journals equal an uninterrupted run's record for record ({@link RunComparison});
 *   <li>the sink's receipts are for inputs 1..n, each once;
 *   <li>a replay of it with verification finds 0 differences;
 *   <li>its manifest records each resume.
 * </ul>
 */
class ResumeKillTest {

  private static final long N = 6_000;

  @TempDir
  static Path shared;

  private static Path reference;

  @TempDir
  Path tmp;

  @BeforeAll
  static void uninterruptedRun() throws Exception {
    FlowHandle h = ResumeFlows.chain(N, true, () -> v -> {}, () -> v -> {}).builder()
        .journals(Journals.disk(shared)).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    reference = h.journals().directory().orElseThrow();
  }

  @Test
  void killMinus9_atFiftySeededPoints_thenResumed_journalsExactlyAnUninterruptedRun() throws Exception {
    kills(1, 50);
  }

  @Test
  @Tag("long")
  void killMinus9_atTwoHundredSeededPoints_thenResumed_journalsExactlyAnUninterruptedRun() throws Exception {
    kills(1000, 200);
  }

  private void kills(int firstSeed, int seeds) throws Exception {
    java.util.Map<Outcome, Integer> outcomes = new java.util.EnumMap<>(Outcome.class);
    for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
      outcomes.merge(killAndResume(seed), 1, Integer::sum);
    }
    System.out.println("resume kill test: " + outcomes);
    assertThat(outcomes.getOrDefault(Outcome.NOT_KILLED, 0)).as("seeds that completed before their kill")
        .isLessThan(seeds / 4);
    assertThat(outcomes.getOrDefault(Outcome.RESUMED_TWICE, 0)).as("seeds killed again while resumed")
        .isGreaterThan(seeds / 6);
  }

  /** Kills, resumes and checks one seed's run. */
  private Outcome killAndResume(int seed) throws Exception {
    Random random = new Random(seed);
    Path root = tmp.resolve("seed-" + seed);
    boolean resumable = seed % 2 == 0; // half the seeds read a plain source again from its start
    String durability = seed % 5 == 0 ? "batch" : "none";
    Child first = Child.run(root, durability, resumable, "-", killPoint(random));
    Path runDir = first.runDir;
    if (!first.killed || completed(runDir)) { // it completed before its kill point came, or before the kill landed
      deleteTree(root);
      return Outcome.NOT_KILLED;
    }
    boolean again = seed % 3 == 0;
    boolean completed = false;
    if (again) {
      Child second = Child.run(root, durability, resumable, runDir.toString(), killPoint(random));
      assertThat(second.runDir).isEqualTo(runDir);
      completed = !second.killed || completed(runDir); // it completed before its kill point came, or the kill landed
      if (!second.killed) {
        assertThat(second.result()).as("seed %d: %s", seed, second.lines).startsWith("RESULT COMPLETED " + N + " ");
      }
    }
    if (!completed) {
      Child last = Child.run(root, durability, resumable, runDir.toString(), null);
      assertThat(last.result()).as("seed %d: %s", seed, last.lines).startsWith("RESULT COMPLETED " + N + " ");
    }
    RunComparison same = RunComparison.compare(reference, runDir, null);
    assertThat(same.differences()).as("seed %d: the resumed run against an uninterrupted one", seed).isEmpty();
    try (RunArchive a = RunArchive.open(runDir, ResumeFlows.chain(N, resumable, () -> v -> {}, () -> v -> {}), null)) {
      long joined = a.data("joined").recordsBeforeEnd();
      List<Long> receipted = new ArrayList<>();
      for (JournalRecord r : a.data("out").readAll(RecordKind.RECEIPT)) {
        receipted.add(r.parent().seq());
      }
      assertThat(receipted).as("seed %d: receipts of out", seed).hasSize((int) joined);
      for (int i = 0; i < receipted.size(); i++) {
        assertThat(receipted.get(i)).isEqualTo(i + 1L);
      }
      Manifest m = a.manifest();
      assertThat(m.status()).isEqualTo("COMPLETED");
      assertThat(m.resumes()).as("seed %d: resumes recorded", seed).hasSizeBetween(1, 2);
    }
    FlowHandle replay = ResumeFlows.chain(N, resumable, () -> v -> {}, () -> v -> {}).builder()
        .journals(Journals.memory()).replayFrom(runDir).start();
    FlowResult r = replay.await(Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError("replay hangs"));
    assertThat(r.state()).as("seed %d: replay %s", seed, r).isEqualTo(FlowState.COMPLETED);
    try (RunArchive a = RunArchive.open(runDir, ResumeFlows.chain(N, resumable, () -> v -> {}, () -> v -> {}), null)) {
      List<String> stages = a.manifest().stages().stream().map(Manifest.StageEntry::name).toList();
      List<Difference> diffs = ReplayVerifier.compare(stages, a::data, replay.journals()::data, 10);
      assertThat(diffs).as("seed %d: replay --verify of the resumed run", seed).isEmpty();
    }
    deleteTree(root);
    return again ? Outcome.RESUMED_TWICE : Outcome.RESUMED;
  }

  private enum Outcome { NOT_KILLED, RESUMED, RESUMED_TWICE }

  /** Whether the run's manifest says it completed (a kill can land just after the run's end). */
  private static boolean completed(Path runDir) throws IOException {
    return "COMPLETED".equals(Manifest.read(runDir).status());
  }

  /** Where a child is killed: when its sink is handed input k ({@code "AT k"}), or after some milliseconds. */
  private static String killPoint(Random random) {
    return random.nextInt(3) == 0 ? "ms:" + (50 + random.nextInt(600)) : "at:" + (1 + random.nextInt((int) (N * 0.95)));
  }

  /** One child JVM's run. */
  private static final class Child {
    Path runDir;
    boolean killed;
    final List<String> lines = new ArrayList<>();

    String result() {
      return lines.stream().filter(l -> l.startsWith("RESULT") || l.startsWith("FAILED")).findFirst().orElse("none");
    }

    /** @param kill null to let it end by itself */
    static Child run(Path root, String durability, boolean resumable, String resume, String kill) throws Exception {
      Child c = new Child();
      long k = kill != null && kill.startsWith("at:") ? Long.parseLong(kill.substring(3)) : 0;
      long ms = kill != null && kill.startsWith("ms:") ? Long.parseLong(kill.substring(3)) : -1;
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, ResumeKillChild.class.getName(),
          root.toString(), durability, Long.toString(N), Long.toString(k), Boolean.toString(resumable), resume)
          .redirectErrorStream(true)
          .start();
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
      }, "resume-child-output");
      reader.setDaemon(true);
      reader.start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long killAt = Long.MAX_VALUE;
        for (;;) {
          long now = System.nanoTime();
          if (now >= killAt) {
            child.destroyForcibly();
            c.killed = true;
            break;
          }
          String line = lines.poll(Math.max(1, Math.min(deadline, killAt) - now), TimeUnit.NANOSECONDS);
          if (line == null) {
            assertThat(System.nanoTime()).as("the child's output so far: %s", c.lines).isLessThan(deadline);
            continue;
          }
          if (line.equals("EOF")) {
            break;
          }
          c.lines.add(line);
          if (line.startsWith("RUNNING ")) {
            c.runDir = Path.of(line.substring("RUNNING ".length()));
            if (ms >= 0) {
              killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            }
          } else if (k > 0 && line.equals("AT " + k)) {
            child.destroyForcibly(); // SIGKILL, the moment the sink was handed input k
            c.killed = true;
            break;
          }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }
      assertThat(c.runDir).as("the child printed its run dir: %s", c.lines).isNotNull();
      return c;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

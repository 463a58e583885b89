package dev.weir.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a resume costs against the run it continues, printed for docs/benchmarks.md (no timing is
 * asserted): {@link ResumeFlows#chain} over a million numbers in a child JVM, uninterrupted; then
 * killed when its sink is handed input 900,000 and resumed. Run it with
 * {@code mvn -B -o -pl runtime -am test -Dtest=ResumeCostTest -Dgroups=long -Dweir.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("long")
class ResumeCostTest {

  private static final long N = 1_000_000;

  @TempDir
  Path tmp;

  @Test
  void resumeAfterNinetyPercent_againstTheWholeRun() throws Exception {
    long t0 = System.nanoTime();
    List<String> full = child(tmp.resolve("full"), 0, "-", false);
    double whole = (System.nanoTime() - t0) / 1e9;
    List<String> killed = child(tmp.resolve("k"), 900_000, "-", true);
    String runDir = killed.stream().filter(l -> l.startsWith("RUNNING ")).findFirst().orElseThrow().substring(8);
    long t1 = System.nanoTime();
    List<String> resumed = child(tmp.resolve("k"), 0, runDir, false);
    double resume = (System.nanoTime() - t1) / 1e9;
    String last = resumed.get(resumed.size() - 1);
    assertThat(last).startsWith("RESULT COMPLETED " + N);
    System.out.printf("resume cost: uninterrupted run %.2f s (%s); resume after a kill at 900,000 of %d: %.2f s (%s)%n",
        whole, full.get(full.size() - 1), N, resume, last);
  }

  private static List<String> child(Path root, long k, String resume, boolean kill) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", classpath, ResumeKillChild.class.getName(), root.toString(), "none", Long.toString(N), Long.toString(k),
        "true", resume).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        if (kill && line.startsWith("AT ")) {
          p.destroyForcibly();
          break;
        }
      }
    }
    p.waitFor();
    return lines;
  }
}

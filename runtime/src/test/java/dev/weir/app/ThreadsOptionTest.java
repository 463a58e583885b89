package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads}: how many threads the run's stages share, as the system journal records. */
class ThreadsOptionTest {

  @TempDir
  Path dir;

  private static String materialized(FlowApplicationTest.Run r) throws Exception {
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(r.out());
    assertThat(m.find()).as(r.out() + r.err()).isTrue();
    StringWriter out = new StringWriter();
    assertThat(Weir.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "journal", "cat", m.group(1),
        "system")).isZero();
    return out.toString().lines().filter(l -> l.contains("MATERIALIZED")).findFirst().orElseThrow();
  }

  @Test
  void oneThread_runsEveryStageOnIt_andTheDefaultOnBatchDisk_isAThreadPerStage() throws Exception {
    FlowApplicationTest.Run one = FlowApplicationTest.run("--journal-dir", dir.toString(), "--threads", "1");
    FlowApplicationTest.Run defaults = FlowApplicationTest.run("--journal-dir", dir.toString());

    assertThat(one.code()).as(one.out() + one.err()).isZero();
    assertThat(materialized(one)).contains("3 stages on 1 thread,");
    assertThat(defaults.code()).isZero();
    assertThat(materialized(defaults)).contains("3 stages on 3 threads");
  }

  @Test
  void aNegativeCount_exits2() {
    FlowApplicationTest.Run r = FlowApplicationTest.run("--journal-dir", dir.toString(), "--threads", "-1");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--threads -1: give 0 (the number of processors) or more");
  }
}

package dev.weir.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default memory journals keep a bounded window: an endless flow of 3 M events of about 110
 * bytes each (over 600 MB of records if every one were kept, as memory journals did before the
 * window) runs to its stop in a child JVM with a 256 MB heap.
 */
class BoundedMemoryJournalsTest {

  @Test
  void anEndlessFlow_onDefaultMemoryJournals_runsIn256MegabytesOfHeap() throws Exception {
    long events = 3_000_000;
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=/dev/null", "-cp",
        classpath, BoundedMemoryChild.class.getName(), Long.toString(events))
        .redirectErrorStream(true).start();
    boolean exited = child.waitFor(5, TimeUnit.MINUTES);
    if (!exited) {
      child.destroyForcibly();
    }
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).as("child ended; output:%n%s", output).isTrue();
    assertThat(output).doesNotContain("OutOfMemoryError");
    assertThat(child.exitValue()).as("child exit; output:%n%s", output).isZero();
    assertThat(output).containsPattern("received (\\d+) state CANCELLED");
    long received = Long.parseLong(output.replaceAll("(?s).*received (\\d+) state.*", "$1"));
    assertThat(received).isGreaterThanOrEqualTo(events);
  }
}

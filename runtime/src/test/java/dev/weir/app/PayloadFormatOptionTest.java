package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.journal.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --payload-format json|smile}: recorded in the manifest, followed by a replay, read by the journal tool. */
class PayloadFormatOptionTest {

  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(FlowApplicationTest.flow(), "java -jar items.jar", new PrintWriter(out),
        new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run tool(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Path runDirOf(Run r) {
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(r.out());
    assertThat(m.find()).as("replay command in:\n" + r.out()).isTrue();
    return Path.of(m.group(1));
  }

  @Test
  void eachFormat_isRecorded_replayedLikeForLike_andCatPrintsJson() throws Exception {
    for (String format : new String[] {"json", "smile", null}) {
      Path root = dir.resolve(String.valueOf(format));
      Run first = format == null ? run("--journal-dir", root.toString(), "--durability", "none")
          : run("--journal-dir", root.toString(), "--durability", "none", "--payload-format", format);
      assertThat(first.code()).as(first.out() + first.err()).isZero();
      Path runDir = runDirOf(first);
      String expected = format == null ? "smile" : format;
      assertThat(Manifest.read(runDir).payloadFormat()).isEqualTo(expected);

      // a replay given no format writes the original's, so that --verify compares the same bytes
      Run replay = run("--journal-dir", root.toString(), "--replay-from", runDir.toString(), "--verify");
      assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
      assertThat(replay.out()).contains("replay matched the original run: 0 differences");
      assertThat(Manifest.read(runDirOf(replay)).payloadFormat()).isEqualTo(expected);

      Run cat = tool("journal", "cat", runDir.toString(), "upper", "--from", "7", "--limit", "1");
      assertThat(cat.code()).as(cat.err()).isZero();
      assertThat(cat.out()).contains("\"payload\":{\"id\":6,\"name\":\"N6\"}");
      assertThat(tool("journal", "verify", runDir.toString()).code()).isZero();
    }
  }

  @Test
  void anUnknownFormat_isAUsageError_namingTheValidOnes() {
    Run bad = run("--journal-dir", dir.toString(), "--payload-format", "xml");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown payload format 'xml': use json or smile");
  }
}

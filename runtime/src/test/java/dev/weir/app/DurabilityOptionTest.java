package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.journal.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --durability}: the colon form needs no quoting, the older form still works, the manifest holds the canonical form. */
class DurabilityOptionTest {

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(FlowApplicationTest.flow(), "java -jar items.jar", new PrintWriter(out),
        new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @CsvSource({"interval:100ms, interval:100ms", "interval(100ms), interval:100ms", "interval:2s, interval:2000ms",
      "none, none", "batch, batch"})
  void eachForm_runs_andTheManifestAndInspectShowTheCanonicalForm(String given, String canonical) throws Exception {
    Run r = run("--journal-dir", dir.toString(), "--durability", given);

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(r.out());
    assertThat(m.find()).isTrue();
    Path runDir = Path.of(m.group(1));
    assertThat(Manifest.read(runDir).durability()).isEqualTo(canonical);

    StringWriter out = new StringWriter();
    assertThat(Weir.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "journal", "inspect",
        runDir.toString())).isZero();
    assertThat(out.toString()).contains("durability " + canonical + ", hmac no");
  }

  @Test
  void aBadInterval_exits2_namingTheForms() {
    Run r = run("--journal-dir", dir.toString(), "--durability", "interval:100");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("durability 'interval:100' is not one of none, batch, interval:<n>ms");
  }

  @Test
  void help_namesTheColonForm() {
    Run r = run("--help");

    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("--durability=POLICY none, batch or interval:<n>ms");
  }
}

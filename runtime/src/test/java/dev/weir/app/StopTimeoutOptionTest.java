package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** {@code --stop-timeout}: the forms it accepts, and exit code 2 naming the option and the value otherwise. */
class StopTimeoutOptionTest {

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
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H", "PT30S, PT30S", "pt1m30s, PT1M30S", "45S, PT45S"})
  void accepts_shortFormsAndIso8601(String value, String iso) {
    assertThat(DurationConverter.parse(value)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "abc", "3x", "-5s", "1.5s", "PTX", "s"})
  void rejects_whatIsNotADuration(String value) {
    assertThatThrownBy(() -> DurationConverter.parse(value)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + value + "' is not a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "PT0S", "PT-1S"})
  void rejects_zeroAndNegative(String value) {
    assertThatThrownBy(() -> DurationConverter.parse(value)).isInstanceOf(TypeConversionException.class)
        .hasMessage("'" + value + "' is not a positive duration");
  }

  @Test
  void formats_theWayAUserWritesIt() {
    assertThat(DurationConverter.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(DurationConverter.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(DurationConverter.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationConverter.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(DurationConverter.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(DurationConverter.format(Duration.ofNanos(1_500))).isEqualTo("PT0.0000015S");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "2m", "PT30S"})
  void aValidStopTimeout_runsTheFlow(String value) {
    Run r = run("--journal-dir", dir.toString(), "--durability", "none", "--stop-timeout", value);

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("COMPLETED").contains("replay: java -jar items.jar");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "0s", "10"})
  void aBadStopTimeout_exits2_namingTheOptionAndTheValue(String value) {
    Run r = run("--journal-dir", dir.toString(), "--stop-timeout", value);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Invalid value for option '--stop-timeout': '" + value + "' is not a");
    assertThat(r.out()).doesNotContain("COMPLETED");
  }

  @Test
  void help_describesTheOption_itsDefault_andTheExitCodes() {
    Run r = run("--help");

    assertThat(r.code()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("--stop-timeout=DURATION").contains("(default: 30s)")
        .contains("A second signal cancels at once.").contains("130 (SIGINT) or 143 (SIGTERM) if it was cancelled");
  }
}

package dev.weir.processor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
      "100ms, PT0.1S", "2s, PT2S", "1.5s, PT1.5S", "0.25ms, PT0.00025S", "250us, PT0.00025S", "7ns, PT0.000000007S",
      "2m, PT2M", "1h, PT1H", "36h, PT36H", "0ms, PT0S", "1.000ns, PT0.000000001S",
      "PT2S, PT2S", "pt2s, PT2S", "PT0.5S, PT0.5S", "P1D, PT24H", "PT-1S, PT-1S", "-PT1S, PT-1S"})
  void numberAndUnit_orIso_parse(String text, String iso) {
    assertThat(DurationText.parse(text)).isEqualTo(new DurationText.Parsed(Duration.parse(iso)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "100", "ms", "100 ms", " 100ms", "100ms ", "1,5s", "-1s", "+1s", "1e3ms", "1.s", ".5s",
      "100MS", "1.5S", "2d", "2sec", "soon", "P", "PT", "99999999999999999999h"})
  void otherText_isMalformed(String text) {
    assertThat(DurationText.parse(text)).isEqualTo(new DurationText.Malformed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5ns", "0.1ns", "0.0001us"})
  void fractionsOfANanosecond_areReportedAsSuch(String text) {
    assertThat(DurationText.parse(text)).isEqualTo(new DurationText.FinerThanNanoseconds());
  }
}

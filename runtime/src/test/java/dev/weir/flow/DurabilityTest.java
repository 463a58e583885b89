package dev.weir.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --durability} and the manifest: {@code interval:<n>ms} (no shell quoting), and the older {@code interval(<n>ms)}. */
class DurabilityTest {

  @ParameterizedTest
  @CsvSource({
      "interval:100ms, PT0.1S", "interval:2s, PT2S", "interval:1m, PT1M", "interval:1h, PT1H", "INTERVAL:250MS, PT0.25S",
      "interval:pt0.5s, PT0.5S",
      // the older form, still read (manifests of earlier runs hold it)
      "interval(100ms), PT0.1S", "interval(2s), PT2S", "interval(250), PT0.25S", "interval( 5 ms ), PT0.005S"})
  void interval_inTheColonForm_andTheOlderParenthesizedForm(String text, String iso) {
    assertThat(Durability.parse(text)).isEqualTo(Durability.interval(Duration.parse(iso)));
  }

  @Test
  void noneAndBatch() {
    assertThat(Durability.parse("none")).isEqualTo(Durability.none());
    assertThat(Durability.parse(" Batch ")).isEqualTo(Durability.batch());
  }

  @Test
  void toString_isTheCanonicalForm_whichParsesBack() {
    assertThat(Durability.interval(Duration.ofMillis(100))).hasToString("interval:100ms");
    assertThat(Durability.interval(Duration.ofSeconds(2))).hasToString("interval:2000ms");
    assertThat(Durability.parse("interval(250ms)")).hasToString("interval:250ms");
    assertThat(Durability.none()).hasToString("none");
    assertThat(Durability.batch()).hasToString("batch");
    Durability sub = Durability.interval(Duration.ofNanos(500_000));
    assertThat(sub).hasToString("interval:PT0.0005S");
    for (Durability d : new Durability[] {Durability.none(), Durability.batch(), sub,
        Durability.interval(Duration.ofMillis(100)), Durability.interval(Duration.ofMinutes(3))}) {
      assertThat(Durability.parse(d.toString())).isEqualTo(d);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sometimes", "interval", "interval:", "interval:100", "interval:0ms", "interval:-5ms",
      "interval:1.5s", "interval:10x", "interval(0ms)", "interval(100ms", "interval100ms"})
  void anythingElse_isRefused_namingTheForms(String text) {
    assertThatThrownBy(() -> Durability.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durability '" + text + "' is not one of none, batch, interval:<n>ms (also interval:<n>s,"
            + " interval:<n>m)");
  }
}

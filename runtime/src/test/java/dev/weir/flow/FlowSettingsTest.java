package dev.weir.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlowSettingsTest {

  private static final FlowSettings SETTINGS = FlowSettings.of(Map.of(
      "name", " spaced ", "count", "42", "big", "9000000000", "on", "TRUE", "off", "false", "wait", "30s",
      "path", "data/orders.csv", "bad", "ten"));

  @Test
  void typedGetters_readTheirValues() {
    assertThat(SETTINGS.get("name")).isEqualTo(" spaced ");
    assertThat(SETTINGS.getInt("count")).isEqualTo(42);
    assertThat(SETTINGS.getLong("big")).isEqualTo(9_000_000_000L);
    assertThat(SETTINGS.getLong("count")).isEqualTo(42L);
    assertThat(SETTINGS.getBoolean("on")).isTrue();
    assertThat(SETTINGS.getBoolean("off")).isFalse();
    assertThat(SETTINGS.getDuration("wait")).isEqualTo(Duration.ofSeconds(30));
    assertThat(SETTINGS.getPath("path")).isEqualTo(Path.of("data", "orders.csv"));
    assertThat(SETTINGS.with("n", " 7 ").getInt("n")).as("typed getters trim").isEqualTo(7);
  }

  @ParameterizedTest
  @CsvSource({"100ms, PT0.1S", "30s, PT30S", "5m, PT5M", "2h, PT2H", "PT30S, PT30S", "pt1m30s, PT1M30S", "0s, PT0S"})
  void durations_shortFormsAndIso8601(String value, String iso) {
    assertThat(FlowSettings.empty().with("d", value).getDuration("d")).isEqualTo(Duration.parse(iso));
  }

  @Test
  void defaults_applyOnlyWhenTheKeyIsMissing() {
    FlowSettings none = FlowSettings.empty();
    assertThat(none.get("x", "dflt")).isEqualTo("dflt");
    assertThat(none.getInt("x", 3)).isEqualTo(3);
    assertThat(none.getLong("x", 4L)).isEqualTo(4L);
    assertThat(none.getBoolean("x", true)).isTrue();
    assertThat(none.getDuration("x", Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(5));
    assertThat(none.getPath("x", Path.of("p"))).isEqualTo(Path.of("p"));
    assertThat(SETTINGS.getInt("count", 3)).isEqualTo(42);
    assertThatThrownBy(() -> SETTINGS.getInt("bad", 3)).as("a malformed value is an error, not the default")
        .isInstanceOf(SettingException.class);
  }

  @Test
  void aMissingKey_namesTheKeyAndTheExpectedForm() {
    assertThatThrownBy(() -> SETTINGS.getInt("orders.min-quantity"))
        .isInstanceOf(SettingException.class)
        .hasMessage("setting 'orders.min-quantity' is not set; expected a whole number from -2147483648 to 2147483647,"
            + " such as 10 (give it with --set orders.min-quantity=<value>, in a --config file, or with"
            + " FlowSettings.with)")
        .extracting(e -> ((SettingException) e).key()).isEqualTo("orders.min-quantity");
    assertThatThrownBy(() -> SETTINGS.get("nope")).hasMessageStartingWith("setting 'nope' is not set; expected a value");
  }

  @Test
  void aMalformedValue_namesTheKeyTheValueAndTheExpectedForm() {
    assertThatThrownBy(() -> SETTINGS.getInt("bad")).isInstanceOf(SettingException.class)
        .hasMessage("setting 'bad' = 'ten' is not a whole number from -2147483648 to 2147483647, such as 10");
    assertThatThrownBy(() -> SETTINGS.getInt("big"))
        .hasMessage("setting 'big' = '9000000000' is not a whole number from -2147483648 to 2147483647, such as 10");
    assertThatThrownBy(() -> SETTINGS.getLong("bad")).hasMessageStartingWith("setting 'bad' = 'ten' is not a whole number");
    assertThatThrownBy(() -> SETTINGS.getBoolean("count")).hasMessage("setting 'count' = '42' is not true or false");
    assertThatThrownBy(() -> SETTINGS.getDuration("bad")).hasMessage("setting 'bad' = 'ten' is not a duration of zero"
        + " or more: a whole number with ms, s, m, h or d (500ms, 30s, 2m, 12h, 7d) or ISO-8601 (PT30S)");
    assertThatThrownBy(() -> SETTINGS.with("d", "PT-1S").getDuration("d"))
        .hasMessageStartingWith("setting 'd' = 'PT-1S' is not a duration of zero or more");
    assertThatThrownBy(() -> SETTINGS.with("p", "").getPath("p")).hasMessage("setting 'p' = '' is not a file or"
        + " directory path");
    assertThatThrownBy(() -> SETTINGS.with("p", "a\u0000b").getPath("p")).isInstanceOf(SettingException.class);
  }

  @Test
  void secrets_areReadable_butNeverShown() {
    FlowSettings s = SETTINGS.withSecret("api.key", "hunter2").withSecret("pin", "12x4");

    assertThat(s.get("api.key")).isEqualTo("hunter2");
    assertThat(s.isSecret("api.key")).isTrue();
    assertThat(s.isSecret("count")).isFalse();
    assertThat(s.secretKeys()).containsExactly("api.key", "pin");
    assertThat(s.keys()).contains("api.key", "pin", "count");
    assertThat(s.toString()).contains("api.key=<secret>").contains("count=42").doesNotContain("hunter2");
    assertThat(s.redacted()).containsEntry("api.key", "<secret>").containsEntry("pin", "<secret>");
    assertThatThrownBy(() -> s.getInt("pin")).isInstanceOf(SettingException.class)
        .hasMessage("setting 'pin' is a secret (its value is not shown) that is not a whole number from -2147483648 to"
            + " 2147483647, such as 10")
        .message().doesNotContain("12x4");
    assertThat(s.with("pin", "1234").isSecret("pin")).as("a plain value replaces the secret").isFalse();
  }

  @Test
  void settings_areImmutable_andLaterValuesWin() {
    FlowSettings a = FlowSettings.builder().set("k", "1").set("j", "x").build();
    FlowSettings b = a.with("k", "2");
    assertThat(a.get("k")).isEqualTo("1");
    assertThat(b.get("k")).isEqualTo("2");
    FlowSettings merged = a.withAll(FlowSettings.empty().with("j", "y").withSecret("s", "v"));
    assertThat(merged.get("j")).isEqualTo("y");
    assertThat(merged.get("k")).isEqualTo("1");
    assertThat(merged.isSecret("s")).isTrue();
    assertThat(merged.keys()).containsExactly("j", "k", "s");
    assertThatThrownBy(() -> merged.keys().add("z")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(FlowSettings.of(Map.of("k", "1"))).isEqualTo(FlowSettings.empty().with("k", "1"))
        .isNotEqualTo(FlowSettings.empty().withSecret("k", "1"));
    assertThat(FlowSettings.empty().isEmpty()).isTrue();
    assertThat(a.find("k")).contains("1");
    assertThat(a.find("zz")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " k", "a b", "k=v", ".hidden", "-x", "ключ"})
  void badKeys_areRefused(String key) {
    assertThatThrownBy(() -> FlowSettings.empty().with(key, "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + key + "' is not a setting key: a key starts with a letter or digit and contains only letters,"
            + " digits, '.', '_' and '-'");
  }
}

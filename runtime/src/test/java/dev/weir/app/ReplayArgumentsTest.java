package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.FlowSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayArgumentsTest {

  @Test
  void systemProperties_areTheDOptionsOnly() {
    assertThat(ReplayArguments.systemProperties(List.of("-Xmx2g", "-Da=1", "-XX:+UseSerialGC", "-Db=two words", "-D",
        "-javaagent:x.jar"))).containsExactly("-Da=1", "-Db=two words");
  }

  @Test
  void systemProperties_goAfterTheLeadingJava_quoted() {
    assertThat(ReplayArguments.withSystemProperties("java -jar x.jar orders", List.of("-Da=1", "-Db=two words")))
        .isEqualTo("java -Da=1 '-Db=two words' -jar x.jar orders");
    assertThat(ReplayArguments.withSystemProperties("java -jar x.jar", List.of())).isEqualTo("java -jar x.jar");
    assertThat(ReplayArguments.withSystemProperties("./weir orders", List.of("-Da=1")))
        .as("another launcher: left as it is, the caller prints a note").isEqualTo("./weir orders");
    assertThat(ReplayArguments.withSystemProperties("javax -jar y", List.of("-Da=1"))).isEqualTo("javax -jar y");
  }

  @Test
  void settings_areSetArguments_andSecretsShellReferences() {
    FlowSettings s = FlowSettings.empty().with("b", "it's").with("a", "1").withSecret("db.password", "pw")
        .withSecret("Token", "t");
    assertThat(ReplayArguments.settings(s)).isEqualTo(" --secret \"Token=${SECRET_TOKEN:?}\""
        + " --set a=1 --set 'b=it'\\''s' --secret \"db.password=${WEIR_SECRET_DB_PASSWORD:?}\"");
    assertThat(ReplayArguments.settings(FlowSettings.empty())).isEmpty();
  }
}

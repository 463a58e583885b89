package dev.weir.processor;

import static dev.weir.processor.diag.Message.CONFIG_BUFFER_SIZE;
import static dev.weir.processor.diag.Message.CONFIG_MAX_ITERATIONS;
import static dev.weir.processor.diag.Message.CONFIG_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

class FlowConfigRuleTest {

  @Test
  void bufferSizeNotAPowerOfTwo_suggestsTheNextOne() {
    Expect.onlyError("config/BadBufferSize.java", CONFIG_BUFFER_SIZE.format(1000, "BadBufferSize", 1024),
        "bufferSize = 1000");
  }

  @Test
  void maxIterationsBelowOne_isReported() {
    Expect.onlyError("config/BadMaxIterations.java", CONFIG_MAX_ITERATIONS.format(0, "BadMaxIterations"),
        "maxIterations = 0");
  }

  @Test
  void nameThatIsNoDirectoryName_isReported() {
    Expect.onlyError("config/BadName.java", CONFIG_NAME.format("../escape", "BadName"), "name = \"../escape\"");
  }

  @Test
  void smallestLegalValues_compile() {
    Compilation c = Expect.compiles("config/CustomConfig.java", "flows.config.CustomConfigFlow");
    assertThat(Expect.source(c, "flows.config.CustomConfigFlow"))
        .contains("FlowDefinition.define(\"custom-flow.v2\", factory)")
        .contains(".maxIterations(1)")
        .contains(".bufferSize(2)");
  }

  @Test
  void defaultName_isTheClassNameInSnakeCase() {
    Compilation c = Expect.compiles("config/DefaultName.java", "flows.config.DefaultNameFlow");
    assertThat(Expect.source(c, "flows.config.DefaultNameFlow"))
        .contains("FlowDefinition.define(\"default_name\", factory)")
        .contains(".maxIterations(30)")
        .contains(".bufferSize(1024)");
  }
}

package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.weir.processor.diag.Code;
import org.junit.jupiter.api.Test;

/** Whatever happens inside the processor, javac keeps running and the user gets one clear error. */
class NeverCrashesTest {

  @Test
  void failureInsideTheProcessor_becomesOneErrorWithItsStackTrace() {
    FlowProcessor failing = new FlowProcessor((env, reporter) -> round -> {
      throw new IllegalStateException("boom");
    });
    Compilation c = javac().withProcessors(failing).compile(Flows.source("unknown/Spelled.java"));
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining(Code.INTERNAL.tag() + " the Weir annotation processor failed");
    assertThat(c).hadErrorContaining("java.lang.IllegalStateException: boom");
    assertThat(c).hadErrorContaining("at dev.weir.processor.NeverCrashesTest");
  }

  @Test
  void garbageInput_isReportedNotThrown() {
    Compilation c = Flows.compile("garbage/Garbage.java");
    assertThat(c).failed();
    Expect.noInternalError(c);
    // Ten statements that do not parse, a negative maxIterations and a zero bufferSize.
    assertThat(Expect.errors(c)).hasSize(12).allMatch(m -> m.startsWith("[WEIR-"));
    assertThat(Expect.errors(c).stream().filter(m -> m.startsWith(Code.SYNTAX.tag()))).hasSize(10);
    assertThat(Expect.errors(c).stream().filter(m -> m.startsWith(Code.FLOW_CONFIG.tag()))).hasSize(2);
  }
}

package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Assertions shared by the rule tests. */
final class Expect {

  private Expect() {}

  /** {@code path} fails with exactly one error, {@code message}, on the line containing {@code line}. */
  static Compilation onlyError(String path, String message, String line) {
    JavaFileObject src = Flows.source(path);
    Compilation c = Flows.compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(src).onLineContaining(line);
    assertThat(c).hadErrorCount(1);
    return c;
  }

  /** {@code path} compiles without errors or warnings and generates {@code generatedClass}. */
  static Compilation compiles(String path, String generatedClass) {
    Compilation c = Flows.compile(path);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile(generatedClass);
    return c;
  }

  /** The generated source of {@code generatedClass}. */
  static String source(Compilation c, String generatedClass) {
    try {
      return c.generatedSourceFile(generatedClass).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether any error of {@code c} is the processor failing. */
  static boolean anyInternalError(Compilation c) {
    return c.errors().stream().map(d -> d.getMessage(null))
        .anyMatch(m -> m.contains(dev.weir.processor.diag.Code.INTERNAL.tag()));
  }

  /** The messages of {@code c}'s errors. */
  static java.util.List<String> errors(Compilation c) {
    return c.errors().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(d -> d.getMessage(null))
        .toList();
  }

  static void noInternalError(Compilation c) {
    assertThat(anyInternalError(c)).as("errors: %s", errors(c)).isFalse();
  }
}

package dev.weir.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.Arrays;
import javax.tools.JavaFileObject;

/** Compiles test flows with the processor. */
final class Flows {

  private Flows() {}

  /** The test input {@code src/test/resources/flows/<path>}. */
  static JavaFileObject source(String path) {
    return JavaFileObjects.forResource("flows/" + path);
  }

  /**
   * Compiles {@code sources} with {@link FlowProcessor} and the lint warnings the project builds with
   * ({@code -Xlint:all,-processing}), so a warning in generated code fails
   * {@code succeededWithoutWarnings()}.
   */
  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new FlowProcessor()).withOptions("-Xlint:all,-processing")
        .compile(Arrays.asList(sources));
  }

  /** Compiles the test inputs at {@code paths}. */
  static Compilation compile(String... paths) {
    return compile(Arrays.stream(paths).map(Flows::source).toArray(JavaFileObject[]::new));
  }
}

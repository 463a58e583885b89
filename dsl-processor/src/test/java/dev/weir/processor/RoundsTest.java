package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.weir.dsl.Flow;
import dev.weir.processor.diag.Message;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Rounds, missing types and a missing runtime. */
class RoundsTest {

  /** Writes {@code flows.deferred.Payload} and {@code Names} in the first round, as another processor would. */
  static final class PayloadWriter extends AbstractProcessor {
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        write("flows.deferred.Payload", "package flows.deferred;\n\n"
            + "@dev.weir.dsl.EventType(name = \"payload\", version = 3)\npublic record Payload(int n) {}\n");
        write("flows.deferred.Names", "package flows.deferred;\n\n"
            + "final class Names {\n  static final String TOPOLOGY = \"payloads |> printed\";\n}\n");
      }
      return false;
    }

    private void write(String name, String source) {
      try (Writer w = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        w.write(source);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The writer runs first: Weir claims its annotations, so a "*" processor after it would not run. */
  @Test
  void typesGeneratedInALaterRound_deferTheFlowUntilTheyExist() {
    Compilation c = javac().withProcessors(new PayloadWriter(), new FlowProcessor())
        .compile(Flows.source("deferred/UsesGenerated.java"));
    assertThat(c).succeededWithoutWarnings();
    assertThat(Expect.source(c, "flows.deferred.UsesGeneratedFlow"))
        .contains("ElementType.of(Payload.class, \"payload\", 3)")
        .contains("EdgeDefinition.forward(\"payloads\", \"printed\")");
  }

  @Test
  void weirAnnotations_areClaimed() {
    Compilation c = javac().withProcessors(new FlowProcessor()).withOptions("-Xlint:processing")
        .compile(Flows.source("golden/FlightDelays.java"), Flows.source("golden/FlightRecord.java"),
            Flows.source("golden/Carrier.java"), Flows.source("golden/EnrichedFlight.java"),
            Flows.source("golden/CarrierStats.java"));
    assertThat(c).succeeded();
    // javac still names @javax.annotation.processing.Generated, which the generated class carries.
    assertThat(c.warnings().stream().map(d -> d.getMessage(null)))
        .noneMatch(m -> m.contains("dev.weir.dsl"));
  }

  @Test
  void typeThatNeverAppears_isReportedWhenProcessingEnds() {
    JavaFileObject src = Flows.source("missing/MissingType.java");
    Compilation c = Flows.compile(src);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(src).onLineContaining("NoSuchPayload");
    assertThat(c).hadErrorContaining(Message.MISSING_TYPE.format("MissingTypeFlow", "numbers()", "NoSuchPayload"))
        .inFile(src).onLineContaining("@Flow");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void annotationValueThatNeverResolves_isReportedWhenProcessingEnds() {
    JavaFileObject src = Flows.source("missing/MissingConstant.java");
    Compilation c = Flows.compile(src);
    assertThat(c).hadErrorContaining("cannot find symbol").inFile(src).onLineContaining("NoSuchNames");
    assertThat(c).hadErrorContaining(Message.MISSING_VALUE.format("MissingConstantFlow", "@Flow(topology)"))
        .inFile(src).onLineContaining("@Flow");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void runtimeNotOnTheClasspath_isReportedOnce() throws URISyntaxException {
    File annotations = new File(Flow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaFileObject src = Flows.source("classpath/NoRuntime.java");
    Compilation c = javac().withProcessors(new FlowProcessor()).withClasspath(List.of(annotations)).compile(src);
    assertThat(c).hadErrorContaining(Message.CLASSPATH.format("NoRuntime")).inFile(src).onLineContaining("@Flow");
    assertThat(c).hadErrorCount(1);
  }
}

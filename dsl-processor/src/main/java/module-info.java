/**
 * Weir's annotation processor: checks a {@code @Flow} class's topology while {@code javac} runs and
 * generates its {@code <Name>Flow} class. It goes on the annotation processor path; it exports nothing.
 */
module dev.weir.processor {
  requires java.compiler;
  requires dev.weir.dsl;
  requires com.palantir.javapoet;
  requires static com.google.auto.service;

  provides javax.annotation.processing.Processor with dev.weir.processor.FlowProcessor;
}

package dev.weir.processor;

import com.google.auto.service.AutoService;
import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.extract.FlowExtractor;
import dev.weir.processor.model.MiddlewareKind;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Checks every {@code @Flow} class's topology while {@code javac} runs and generates its
 * {@code <ClassName>Flow} with {@code definition()} and {@code builder()}. Its diagnostics are
 * documented in {@code docs/diagnostics.md}. It never crashes {@code javac}: a failure of its own
 * becomes one {@code [WEIR-INTERNAL]} compile error with the stack trace. It claims Weir's
 * annotations ({@code @Flow}, {@code @Stage}, {@code @EventType} and the middleware annotations): no
 * other processor reads them.
 */
@AutoService(Processor.class)
public final class FlowProcessor extends AbstractProcessor {

  private final BiFunction<ProcessingEnvironment, ErrorReporter, RoundHandler> handlers;
  private ErrorReporter reporter;
  private RoundHandler handler;
  private boolean failed;

  public FlowProcessor() {
    this(FlowRounds::new);
  }

  FlowProcessor(BiFunction<ProcessingEnvironment, ErrorReporter, RoundHandler> handlers) {
    this.handlers = handlers;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    this.reporter = new ErrorReporter(env.getMessager());
  }

  /**
   * All of Weir's annotations: the processor reads them all and claims them, so that
   * {@code -Xlint:processing} does not warn about unclaimed annotations.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new HashSet<>(Set.of(FlowExtractor.FLOW, FlowExtractor.STAGE, FlowExtractor.EVENT_TYPE));
    for (MiddlewareKind kind : MiddlewareKind.values()) {
      names.add(kind.qualifiedName());
    }
    return Set.copyOf(names);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (failed) {
      // One failure, one error: later rounds would only repeat it.
      return true;
    }
    try {
      if (handler == null) {
        handler = handlers.apply(processingEnv, reporter);
      }
      handler.process(round);
    } catch (RuntimeException e) {
      failed = true;
      reporter.reportInternal(e, null);
    }
    return true;
  }
}

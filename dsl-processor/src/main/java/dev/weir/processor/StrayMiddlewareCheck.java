package dev.weir.processor;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.extract.FlowExtractor;
import dev.weir.processor.model.MiddlewareKind;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * A middleware annotation anywhere but on a {@code @Flow} class or one of its {@code @Stage} methods
 * would be silently ignored: report it. (A {@code @Stage} method outside a flow class is reported by
 * {@link StrayStageCheck} already.)
 */
final class StrayMiddlewareCheck {

  private final Elements elements;
  private final ErrorReporter reporter;

  StrayMiddlewareCheck(Elements elements, ErrorReporter reporter) {
    this.elements = elements;
    this.reporter = reporter;
  }

  void check(RoundEnvironment round) {
    for (MiddlewareKind kind : MiddlewareKind.values()) {
      TypeElement annotation = elements.getTypeElement(kind.qualifiedName());
      if (annotation == null) {
        continue;
      }
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        check(kind, e);
      }
    }
  }

  private void check(MiddlewareKind kind, Element e) {
    var mirror = FlowExtractor.annotation(e, kind.qualifiedName());
    if (mirror.isEmpty()) {
      return;
    }
    Location at = Location.of(e, mirror.get());
    if (e instanceof TypeElement type) {
      if (FlowExtractor.annotation(type, FlowExtractor.FLOW).isEmpty()) {
        String name = type.getQualifiedName().toString();
        reporter.report(Message.MIDDLEWARE_OUTSIDE_FLOW, at, kind.annotation(), name, name);
      }
    } else if (e instanceof ExecutableElement method && method.getEnclosingElement() instanceof TypeElement owner) {
      boolean stage = FlowExtractor.annotation(method, FlowExtractor.STAGE).isPresent();
      boolean flow = FlowExtractor.annotation(owner, FlowExtractor.FLOW).isPresent();
      if (flow && !stage) {
        reporter.report(Message.MIDDLEWARE_NOT_ON_STAGE, at, kind.annotation(), method.getSimpleName(),
            method.getSimpleName());
      } else if (!flow && !stage) {
        reporter.report(Message.MIDDLEWARE_OUTSIDE_FLOW, at, kind.annotation(), method.getSimpleName() + "()",
            owner.getQualifiedName());
      }
    }
  }
}

package dev.weir.processor;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.extract.FlowExtractor;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Stage} method outside a {@code @Flow} class would be silently ignored: report it. This
 * is the one check that looks beyond a single flow class, so it works on elements directly.
 */
final class StrayStageCheck {

  private final ErrorReporter reporter;

  StrayStageCheck(ErrorReporter reporter) {
    this.reporter = reporter;
  }

  void check(Iterable<? extends Element> stageMethods) {
    for (Element method : stageMethods) {
      Element owner = method.getEnclosingElement();
      if (owner instanceof TypeElement type && FlowExtractor.annotation(type, FlowExtractor.FLOW).isEmpty()) {
        reporter.report(Message.NOT_A_STAGE_OUTSIDE_FLOW, Location.of(method), method.getSimpleName(),
            type.getQualifiedName());
      }
    }
  }
}

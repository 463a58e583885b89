package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.MiddlewareDeclaration;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageModel;

/**
 * A middleware annotation on a {@code @Stage} method fits the stage's kind: {@code @Retry} sources,
 * transforms, async transforms and sinks; {@code @CircuitBreaker} and {@code @Timeout} transforms,
 * async transforms and sinks; {@code @RateLimit} every kind. (On the flow class, a default simply
 * skips the kinds it does not fit.)
 */
final class MiddlewareFitRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    FlowModel flow = context.flow();
    for (StageModel stage : flow.stages()) {
      if (stage.kind().isEmpty()) {
        continue;
      }
      StageKind kind = stage.kind().get();
      for (MiddlewareDeclaration d : flow.middleware().declaredOn(stage)) {
        if (!d.kind().fits(kind)) {
          String annotation = d.kind().annotation();
          reporter.report(Message.MIDDLEWARE_KIND, d.location(), annotation, stage.methodName(), stage.name(),
              kind.withArticle(), annotation, d.kind().fitsInWords(), stage.methodName());
        }
      }
    }
  }
}

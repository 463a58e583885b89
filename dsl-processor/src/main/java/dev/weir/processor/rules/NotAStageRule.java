package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.MethodFacts;
import dev.weir.processor.model.ReturnShape;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageModel;
import java.util.stream.Collectors;

/**
 * A {@code @Stage} method is a non-private instance method without parameters or type parameters
 * that returns exactly one stage interface with concrete, visible element types.
 */
final class NotAStageRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    FlowModel flow = context.flow();
    if (!flow.apiOnClasspath()) {
      return;
    }
    String generated = flow.generatedSimpleName();
    for (StageModel stage : flow.stages()) {
      Location at = Location.of(stage.location().element());
      String method = stage.methodName();
      MethodFacts facts = stage.method();
      if (facts.isPrivate()) {
        reporter.report(Message.NOT_A_STAGE_PRIVATE, at, method, generated);
      }
      if (facts.isStatic()) {
        reporter.report(Message.NOT_A_STAGE_STATIC, at, method);
      }
      if (facts.parameterCount() > 0) {
        reporter.report(Message.NOT_A_STAGE_PARAMETERS, at, method, generated);
      }
      if (facts.generic()) {
        reporter.report(Message.NOT_A_STAGE_GENERIC, at, method);
        continue;
      }
      if (stage.shape() instanceof ReturnShape.NotAStageType s) {
        reporter.report(Message.NOT_A_STAGE_TYPE, at, method, s.returnType());
      } else if (stage.shape() instanceof ReturnShape.Raw s) {
        reporter.report(Message.NOT_A_STAGE_RAW, at, method, s.returnType(), s.kind().interfaceName(),
            s.kind().declaration());
      } else if (stage.shape() instanceof ReturnShape.Ambiguous s) {
        reporter.report(Message.NOT_A_STAGE_AMBIGUOUS, at, method, s.returnType(),
            s.kinds().stream().map(StageKind::interfaceName).collect(Collectors.joining(" and ")));
      } else if (stage.shape() instanceof ReturnShape.BadElementType s) {
        switch (s.problem()) {
          case TYPE_VARIABLE -> reporter.report(Message.NOT_A_STAGE_TYPE_VARIABLE, at, method, s.returnType(),
              s.position(), s.type());
          case WILDCARD -> reporter.report(Message.NOT_A_STAGE_WILDCARD, at, method, s.returnType(), s.position(),
              s.type());
          case INACCESSIBLE -> reporter.report(Message.NOT_A_STAGE_INACCESSIBLE, at, method, s.returnType(),
              s.position(), s.type(), flow.packageName().isEmpty() ? "(unnamed)" : flow.packageName(), generated);
        }
      }
    }
  }
}

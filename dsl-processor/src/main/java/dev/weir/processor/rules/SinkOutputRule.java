package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.EdgeModel;
import dev.weir.processor.model.StageKind;

/** No edge leads out of a sink. */
final class SinkOutputRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (EdgeModel edge : context.graph().edges()) {
      if (context.is(edge.from(), StageKind.SINK)) {
        reporter.report(Message.SINK_OUTPUT, edge.origin(), edge.written(), edge.from());
      }
    }
  }
}

package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.EdgeModel;
import dev.weir.processor.model.StageKind;

/** No edge leads into a source. */
final class SourceInputRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (EdgeModel edge : context.graph().edges()) {
      if (context.is(edge.to(), StageKind.SOURCE)) {
        reporter.report(Message.SOURCE_INPUT, edge.origin(), edge.written(), edge.to());
      }
    }
  }
}

package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.EdgeConflict;
import dev.weir.processor.model.EdgeKind;

/**
 * Two stages are connected at most once: the same pair as both {@code |>} and {@code <|} is an
 * error. (The same edge written twice the same way is one edge.)
 */
final class DuplicateEdgeRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (EdgeConflict c : context.graph().conflicts()) {
      if (c.kept().kind() != EdgeKind.REFERENCE && c.dropped().kind() != EdgeKind.REFERENCE) {
        reporter.report(Message.DUPLICATE_EDGE, c.dropped().origin(), c.dropped().written(), c.dropped().from(),
            c.dropped().to(), c.kept().written());
      }
    }
  }
}

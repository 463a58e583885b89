package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.EdgeKind;
import dev.weir.processor.model.EdgeModel;
import java.util.List;
import java.util.Set;

/** A backflow edge {@code a <| b} closes a cycle: {@code a} reaches {@code b}. */
final class BackflowRule implements Rule {

  @Override
  public boolean needsCompleteGraph() {
    return true;
  }

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    List<Set<String>> cycles = context.graph().cycles(context::carries);
    for (EdgeModel edge : context.graph().edges()) {
      if (edge.kind() != EdgeKind.BACKFLOW || !context.carries(edge)) {
        continue;
      }
      boolean closes = cycles.stream().anyMatch(c -> c.contains(edge.from()) && c.contains(edge.to()));
      if (!closes) {
        reporter.report(Message.BACKFLOW_CLOSES_NO_CYCLE, edge.origin(), edge.written(), edge.to(), edge.from(),
            edge.from(), edge.to());
      }
    }
  }
}

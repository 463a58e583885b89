package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.SyntaxError;
import dev.weir.processor.model.TopologyStatement;

/** Every topology statement parses; the message shows where it stopped and what it expected. */
final class TopologySyntaxRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (TopologyStatement statement : context.flow().statements()) {
      if (statement.syntaxError().isPresent()) {
        SyntaxError error = statement.syntaxError().get();
        reporter.report(Message.TOPOLOGY_SYNTAX, statement.location(), statement.index(), error.column(),
            error.expected(), error.found(), statement.text(), " ".repeat(error.column() - 1));
      }
    }
  }
}

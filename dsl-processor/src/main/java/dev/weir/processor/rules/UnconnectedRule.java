package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.FlowGraph;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageModel;
import java.util.List;
import java.util.Set;

/** Every stage has an edge, is reached from a source, and reaches a sink. */
final class UnconnectedRule implements Rule {

  @Override
  public boolean needsCompleteGraph() {
    return true;
  }

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    FlowGraph graph = context.graph();
    List<String> sources = names(context, StageKind.SOURCE);
    List<String> sinks = names(context, StageKind.SINK);
    Set<String> reached = graph.reachableFrom(sources);
    Set<String> reachSink = graph.reaching(sinks);
    for (StageModel stage : context.flow().stages()) {
      String name = stage.name();
      Location at = Location.of(stage.location().element());
      boolean unreached = !reached.contains(name);
      boolean deadEnd = !reachSink.contains(name);
      if (graph.edgesInto(name).isEmpty() && graph.edgesOutOf(name).isEmpty()) {
        reporter.report(Message.UNCONNECTED_ISOLATED, at, name);
      } else if (unreached && deadEnd) {
        reporter.report(Message.UNCONNECTED_BOTH, at, name);
      } else if (unreached) {
        reporter.report(Message.UNCONNECTED_UNREACHED, at, name);
      } else if (deadEnd) {
        reporter.report(Message.UNCONNECTED_DEAD_END, at, name);
      }
    }
  }

  private static List<String> names(RuleContext context, StageKind kind) {
    return context.flow().stages().stream().filter(s -> s.is(kind)).map(StageModel::name).toList();
  }
}

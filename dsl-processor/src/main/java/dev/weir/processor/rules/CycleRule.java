package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.EdgeModel;
import dev.weir.processor.model.FlowGraph;
import dev.weir.processor.model.StageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A cycle is made only of Transform and AsyncTransform stages, is closed by a backflow edge, and
 * is entered at exactly one stage. Each cycle (strongly connected set of stages) is reported at most
 * once, on the edge that closes it, with its path written out.
 */
final class CycleRule implements Rule {

  @Override
  public boolean needsCompleteGraph() {
    return true;
  }

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    FlowGraph graph = context.graph();
    Predicate<EdgeModel> carries = context::carries;
    Predicate<EdgeModel> forward = context::carriesForward;
    List<Set<String>> forwardCycles = graph.cycles(forward);
    for (Set<String> component : graph.cycles(carries)) {
      List<EdgeModel> closing = graph.closingCycle(component, carries).orElseThrow();
      Optional<StageModel> offender = component.stream().map(n -> graph.stage(n).orElseThrow())
          .filter(s -> !s.kind().orElseThrow().mayFormCycle()).findFirst();
      if (offender.isPresent()) {
        String name = offender.get().name();
        List<EdgeModel> through = closing.stream().anyMatch(e -> e.from().equals(name)) ? closing
            : graph.cycleThrough(name, component, carries).orElseThrow();
        reporter.report(Message.CYCLE_NON_TRANSFORM, last(through).origin(), FlowGraph.describe(through), name,
            offender.get().kind().orElseThrow().withArticle());
        continue;
      }
      Optional<Set<String>> forwardOnly = forwardCycles.stream().filter(component::containsAll).findFirst();
      if (forwardOnly.isPresent()) {
        List<EdgeModel> cycle = graph.closingCycle(forwardOnly.get(), forward).orElseThrow();
        EdgeModel closes = last(cycle);
        reporter.report(Message.CYCLE_FORWARD_ONLY, closes.origin(), FlowGraph.describe(cycle), closes.to(),
            closes.from());
        continue;
      }
      List<String> entries = new ArrayList<>();
      for (String member : component) {
        graph.edgesInto(member).stream().filter(carries).filter(e -> !component.contains(e.from())).findFirst()
            .ifPresent(e -> entries.add("'" + member + "' from '" + e.from() + "'"));
      }
      if (entries.size() > 1) {
        reporter.report(Message.CYCLE_ENTRY_POINTS, last(closing).origin(), FlowGraph.describe(closing),
            entries.size(), String.join(", ", entries));
      }
    }
  }

  private static EdgeModel last(List<EdgeModel> path) {
    return path.get(path.size() - 1);
  }
}

package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.model.FlowGraph;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.TypeRelation;
import java.util.List;

/** Runs every rule over one flow, declarations first, then edges, then the graph as a whole. */
public final class FlowValidator {

  private static final List<Rule> RULES = List.of(
      new ClasspathRule(),
      new FlowClassRule(),
      new FlowConfigRule(),
      new NotAStageRule(),
      new StageNameRule(),
      new StageConfigRule(),
      new DuplicateStageRule(),
      new TopologySyntaxRule(),
      new UnknownStageRule(),
      new DuplicateEdgeRule(),
      new SourceInputRule(),
      new SinkOutputRule(),
      new JoinInputsRule(),
      new TypeMismatchRule(),
      new CycleRule(),
      new BackflowRule(),
      new UnconnectedRule(),
      new MiddlewareFitRule(),
      new MiddlewareValuesRule(),
      new FallbackRule());

  /** Checks {@code flow}; returns how many errors it reported. */
  public int validate(FlowModel flow, FlowGraph graph, TypeRelation types, ErrorReporter reporter) {
    int before = reporter.errorCount();
    RuleContext context = new RuleContext(flow, graph, types);
    boolean complete = context.graphComplete();
    for (Rule rule : RULES) {
      if (complete || !rule.needsCompleteGraph()) {
        rule.check(context, reporter);
      }
    }
    return reporter.errorCount() - before;
  }
}

package dev.weir.processor.rules;

import dev.weir.processor.model.EdgeKind;
import dev.weir.processor.model.EdgeModel;
import dev.weir.processor.model.FlowGraph;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageModel;
import dev.weir.processor.model.TopologyStatement;
import dev.weir.processor.model.TypeRelation;
import java.util.Objects;

/**
 * What every rule reads: the model, its resolved graph and the type relation.
 *
 * @param flow the flow class
 * @param graph its edges
 * @param types assignability of element types
 */
record RuleContext(FlowModel flow, FlowGraph graph, TypeRelation types) {

  RuleContext {
    Objects.requireNonNull(flow, "flow");
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(types, "types");
  }

  /**
   * Whether the graph says all the topology means: every statement parsed, every name is a stage,
   * every stage has a kind and a name of its own, and no declaration was dropped for contradicting
   * another. Otherwise the graph-wide rules would report the consequences of an error already
   * reported.
   */
  boolean graphComplete() {
    if (!flow.apiOnClasspath() || flow.hasSyntaxErrors() || flow.stages().size() != graph.stageNames().size()
        || !graph.conflicts().isEmpty() || !graph.rejectedReferences().isEmpty()) {
      return false;
    }
    for (StageModel s : flow.stages()) {
      if (s.signature().isEmpty() || s.reference().filter(r -> !graph.stageNames().contains(r)).isPresent()) {
        return false;
      }
    }
    for (TopologyStatement statement : flow.statements()) {
      if (statement.mentions().stream().anyMatch(m -> !graph.stageNames().contains(m.name()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code stage} is of {@code kind}. */
  boolean is(String stage, StageKind kind) {
    return graph.stage(stage).filter(s -> s.is(kind)).isPresent();
  }

  /**
   * Whether an edge can carry events at all: not into a source, not out of a sink. Those are
   * reported on their own and left out of the cycle analysis.
   */
  boolean carries(EdgeModel edge) {
    return !is(edge.to(), StageKind.SOURCE) && !is(edge.from(), StageKind.SINK);
  }

  /** Whether {@code edge} carries events and is not a backflow edge. */
  boolean carriesForward(EdgeModel edge) {
    return carries(edge) && edge.kind() != EdgeKind.BACKFLOW;
  }
}

package dev.weir.engine;

import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.EdgeKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before anything starts, what the engine needs of a definition. Generated definitions
 * were checked by the processor already; hand-written ones get the same basic shape rules here,
 * plus what this engine cannot run yet.
 */
final class DefinitionCheck {

  private DefinitionCheck() {}

  /** Every problem found, each naming its stage; empty when the definition can run. */
  static List<String> problems(FlowDefinition def) {
    List<String> out = new ArrayList<>();
    boolean anySource = false;
    for (StageDefinition s : def.stages()) {
      List<EdgeDefinition> in = def.inputsOf(s.name());
      List<EdgeDefinition> outEdges = def.outputsOf(s.name());
      switch (s.kind()) {
        case SOURCE -> {
          anySource = true;
          if (!in.isEmpty()) {
            out.add("source '" + s.name() + "' has inputs " + in + ": a source reads none");
          }
        }
        case SINK -> {
          if (!outEdges.isEmpty()) {
            out.add("sink '" + s.name() + "' has outputs " + outEdges + ": a sink writes none");
          }
        }
        case TRANSFORM -> { }
        case ASYNC_TRANSFORM, STATEFUL, JOIN -> out.add("stage '" + s.name() + "' is a " + s.kind()
            + " stage (method " + s.method() + "()): not supported yet by this engine version;"
            + " only SOURCE, TRANSFORM and SINK stages run for now");
        default -> throw new IllegalStateException("unknown stage kind " + s.kind());
      }
      if (s.kind() != StageKind.SOURCE && in.isEmpty()) {
        out.add(s.kind().name().toLowerCase() + " '" + s.name() + "' has no input: nothing would ever reach it");
      }
      if (s.kind() != StageKind.SINK && outEdges.isEmpty()) {
        out.add(s.kind().name().toLowerCase() + " '" + s.name() + "' has no downstream: every stage but a sink needs one");
      }
    }
    for (EdgeDefinition e : def.edges()) {
      if (e.kind() == EdgeKind.BACKFLOW) {
        out.add("edge " + e + " closes a cycle: cycles are not supported yet by this engine version");
      }
      if (e.kind() == EdgeKind.REFERENCE && def.stage(e.to()).map(StageDefinition::kind).orElse(null) != StageKind.JOIN) {
        out.add("edge " + e + " is a reference edge into '" + e.to() + "', which is not a join");
      }
      if (e.from().equals(e.to())) {
        out.add("edge " + e + " loops on one stage");
      }
    }
    if (!anySource) {
      out.add("flow '" + def.name() + "' has no source");
    }
    return out;
  }
}

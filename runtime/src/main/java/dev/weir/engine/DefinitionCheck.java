package dev.weir.engine;

import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.EdgeKind;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before anything starts, what the engine needs of a definition. Generated definitions
 * were checked by the processor already; hand-written ones get the same shape rules here, plus
 * what this engine cannot run.
 */
final class DefinitionCheck {

  private DefinitionCheck() {}

  /** Every problem found, each naming its stage or edge; empty when the definition can run. */
  static List<String> problems(FlowDefinition def) {
    List<String> out = new ArrayList<>();
    boolean anySource = false;
    for (StageDefinition s : def.stages()) {
      List<EdgeDefinition> in = def.inputsOf(s.name());
      List<EdgeDefinition> outEdges = def.outputsOf(s.name());
      String what = s.kind().name().toLowerCase().replace('_', ' ') + " '" + s.name() + "'";
      if (s.kind() == StageKind.SOURCE) {
        anySource = true;
        if (!in.isEmpty()) {
          out.add(what + " has inputs " + in + ": a source reads none");
        }
      } else if (in.isEmpty()) {
        out.add(what + " has no input: nothing would ever reach it");
      }
      if (s.kind() == StageKind.SINK) {
        if (!outEdges.isEmpty()) {
          out.add(what + " has outputs " + outEdges + ": a sink writes none");
        }
      } else if (outEdges.isEmpty()) {
        out.add(what + " has no downstream: every stage but a sink needs one");
      }
      long references = in.stream().filter(e -> e.kind() == EdgeKind.REFERENCE).count();
      if (s.kind() == StageKind.JOIN && (references != 1 || in.size() - references < 1)) {
        out.add(what + " needs exactly one reference input and at least one stream input; it has " + references
            + " reference and " + (in.size() - references) + " stream inputs");
      }
    }
    for (EdgeDefinition e : def.edges()) {
      if (e.kind() == EdgeKind.REFERENCE && def.stage(e.to()).map(StageDefinition::kind).orElse(null) != StageKind.JOIN) {
        out.add("edge " + e + " is a reference edge into '" + e.to() + "', which is not a join");
      }
      if (e.from().equals(e.to())) {
        out.add("edge " + e + " loops on one stage");
      }
      checkTypes(def, e, out);
    }
    CycleShape.find(def, out);
    if (!anySource) {
      out.add("flow '" + def.name() + "' has no source");
    }
    return out;
  }

  /**
   * The writer's output must fit the reader's input (a join's reference edge its reference type, its
   * stream edges its stream type), else every event would fail with a ClassCastException.
   */
  private static void checkTypes(FlowDefinition def, EdgeDefinition e, List<String> out) {
    StageDefinition writer = def.stage(e.from()).orElse(null);
    StageDefinition reader = def.stage(e.to()).orElse(null);
    if (writer == null || reader == null) {
      return;
    }
    ElementType written = writer.output();
    boolean reference = e.kind() == EdgeKind.REFERENCE && reader.kind() == StageKind.JOIN;
    ElementType read = reference ? reader.reference() : reader.input();
    if (written.isNone() || read.isNone()) {
      return; // a shape problem, reported above
    }
    if (!read.rawType().isAssignableFrom(written.rawType())) {
      out.add("edge " + e + ": '" + e.from() + "' writes " + written.typeName() + " but '" + e.to() + "' reads "
          + read.typeName() + (reference ? " as its reference" : reader.kind() == StageKind.JOIN ? " as its stream" : "")
          + ", and a " + written.rawType().getName() + " is not a " + read.rawType().getName()
          + ": make the element types of the two stages match");
    }
  }
}

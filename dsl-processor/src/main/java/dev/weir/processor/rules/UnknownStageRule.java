package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.Mention;
import dev.weir.processor.model.StageModel;
import dev.weir.processor.model.TopologyStatement;
import java.util.LinkedHashSet;
import java.util.Set;

/** Every name in a statement or in {@code @Stage(reference)} is a stage; suggests the closest one. */
final class UnknownStageRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    Set<String> stages = context.graph().stageNames();
    String flowClass = context.flow().className();
    for (TopologyStatement statement : context.flow().statements()) {
      Set<String> unknown = new LinkedHashSet<>();
      for (Mention m : statement.mentions()) {
        if (!stages.contains(m.name())) {
          unknown.add(m.name());
        }
      }
      for (String name : unknown) {
        reporter.report(Message.UNKNOWN_STAGE, statement.location(), statement.index(), name, flowClass,
            ClosestName.hint(name, stages));
      }
    }
    for (StageModel stage : context.flow().stages()) {
      stage.reference().filter(r -> !stages.contains(r)).ifPresent(r -> reporter.report(Message.UNKNOWN_REFERENCE,
          stage.referenceLocation(), r, stage.methodName(), flowClass, ClosestName.hint(r, stages)));
    }
  }
}

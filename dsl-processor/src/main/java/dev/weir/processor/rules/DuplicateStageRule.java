package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.StageModel;
import java.util.HashMap;
import java.util.Map;

/** No two stages share a name; reported on each later one. */
final class DuplicateStageRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    Map<String, StageModel> first = new HashMap<>();
    for (StageModel stage : context.flow().stages()) {
      StageModel earlier = first.putIfAbsent(stage.name(), stage);
      if (earlier != null) {
        Location at = stage.explicitName() ? stage.nameLocation() : Location.of(stage.location().element());
        reporter.report(Message.DUPLICATE_STAGE, at, stage.name(), earlier.methodName(), stage.methodName());
      }
    }
  }
}

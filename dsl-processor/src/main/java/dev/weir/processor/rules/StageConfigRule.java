package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.StageModel;

/** {@code @Stage}'s values must be usable: an error budget of 0 or more, or -1 for the flow's. */
final class StageConfigRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (StageModel stage : context.flow().stages()) {
      if (stage.maxErrors() < 0 && stage.maxErrors() != StageModel.INHERIT_ERRORS) {
        reporter.report(Message.STAGE_MAX_ERRORS, stage.maxErrorsLocation(), stage.maxErrors(), stage.methodName());
      }
    }
  }
}

package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.StageModel;
import javax.lang.model.SourceVersion;

/** A stage name given with {@code @Stage(name)} must be a Java identifier, or no statement can name it. */
final class StageNameRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (StageModel stage : context.flow().stages()) {
      String name = stage.name();
      if (stage.explicitName() && (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name))) {
        reporter.report(Message.STAGE_NAME_SYNTAX, stage.nameLocation(), name, stage.methodName());
      }
    }
  }
}

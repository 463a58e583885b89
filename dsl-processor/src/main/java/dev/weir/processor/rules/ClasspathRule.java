package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;

/** The stage interfaces must be on the compile classpath, or no return type can be read. */
final class ClasspathRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    if (!context.flow().apiOnClasspath()) {
      reporter.report(Message.CLASSPATH, context.flow().location(), context.flow().className());
    }
  }
}

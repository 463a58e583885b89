package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.FlowClassFacts;
import dev.weir.processor.model.FlowModel;

/**
 * The generated class must be able to create the flow class: a non-private, non-abstract,
 * non-generic top-level or static nested class with a non-private constructor without parameters,
 * declaring at least one stage.
 */
final class FlowClassRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    FlowModel flow = context.flow();
    FlowClassFacts facts = flow.classFacts();
    Location at = Location.of(flow.location().element());
    String name = flow.className();
    String generated = flow.generatedSimpleName();
    if (!facts.kind().instantiable()) {
      reporter.report(Message.FLOW_CLASS_KIND, at, name, facts.kind().description());
    } else {
      facts.privateClass().ifPresent(p -> reporter.report(Message.FLOW_CLASS_PRIVATE, at, name, generated, p));
      if (facts.inner()) {
        reporter.report(Message.FLOW_CLASS_INNER, at, name);
      }
      if (facts.isAbstract()) {
        reporter.report(Message.FLOW_CLASS_ABSTRACT, at, name, generated, name);
      }
      if (facts.generic()) {
        reporter.report(Message.FLOW_CLASS_GENERIC, at, name);
      }
      // A private class's implicit constructor is private too: fixing the class fixes both.
      if (!facts.hasNoArgConstructor() && facts.privateClass().isEmpty()) {
        reporter.report(Message.FLOW_CLASS_NO_CONSTRUCTOR, at, name, generated, name);
      }
    }
    if (flow.stages().isEmpty()) {
      reporter.report(Message.FLOW_CLASS_NO_STAGES, at, name);
    }
  }
}

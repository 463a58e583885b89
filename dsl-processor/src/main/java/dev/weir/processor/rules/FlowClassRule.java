package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.FlowClassFacts;
import dev.weir.processor.model.FlowModel;

/**
 * The generated class must be able to name and call the flow class: a non-private, non-abstract,
 * non-generic top-level or static nested class declaring at least one stage. Without a non-private
 * constructor that takes no parameters or one {@code FlowSettings}, the generated class offers only
 * {@code definition(Supplier)}: a note says so.
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
      if (!facts.creatable() && facts.privateClass().isEmpty() && !facts.isAbstract()) {
        reporter.report(Message.FLOW_CLASS_FACTORY_ONLY, at, name, generated, name);
      }
    }
    if (flow.stages().isEmpty()) {
      reporter.report(Message.FLOW_CLASS_NO_STAGES, at, name);
    }
  }
}

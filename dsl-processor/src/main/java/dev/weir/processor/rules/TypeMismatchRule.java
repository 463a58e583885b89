package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.EdgeKind;
import dev.weir.processor.model.EdgeModel;
import dev.weir.processor.model.ElementTypeModel;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageSignature;
import java.util.Optional;

/**
 * What each upstream emits is assignable to what its downstream reads on that edge: the input, or
 * for a join the reference input ({@code R}) or the stream input ({@code S}). Fan-in checks every
 * upstream.
 */
final class TypeMismatchRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (EdgeModel edge : context.graph().edges()) {
      Optional<StageSignature> from = context.graph().stage(edge.from()).flatMap(s -> s.signature());
      Optional<StageSignature> to = context.graph().stage(edge.to()).flatMap(s -> s.signature());
      if (from.isEmpty() || to.isEmpty()) {
        continue;
      }
      Optional<ElementTypeModel> emitted = from.get().output();
      boolean reference = edge.kind() == EdgeKind.REFERENCE;
      Optional<ElementTypeModel> read = reference ? to.get().reference() : to.get().input();
      if (emitted.isEmpty() || read.isEmpty() || context.types().isAssignable(emitted.get(), read.get())) {
        continue;
      }
      String side = reference ? "the reference input" : to.get().kind() == StageKind.JOIN ? "the stream input"
          : "the input";
      reporter.report(Message.TYPE_MISMATCH, edge.origin(), edge.written(), edge.from(), emitted.get().display(),
          side, edge.to(), read.get().display());
    }
  }
}

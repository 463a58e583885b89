package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.EdgeConflict;
import dev.weir.processor.model.EdgeKind;
import dev.weir.processor.model.JoinHead;
import dev.weir.processor.model.ReferenceClaim;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageModel;
import dev.weir.processor.model.TopologyStatement;

/**
 * A join has exactly one reference input and at least one stream input, and only a join has a
 * reference input. The reference may be named by {@code @Stage(reference)}, by a
 * {@code (reference, stream) |> join} statement, or by both when they agree.
 */
final class JoinInputsRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (StageModel stage : context.flow().stages()) {
      if (stage.reference().isPresent() && stage.kind().filter(k -> k != StageKind.JOIN).isPresent()) {
        reporter.report(Message.REFERENCE_ON_NON_JOIN, stage.referenceLocation(), stage.reference().get(),
            stage.methodName(), stage.name(), stage.kind().get().withArticle());
      }
    }
    for (TopologyStatement statement : context.flow().statements()) {
      if (statement.joinHead().isPresent()) {
        JoinHead head = statement.joinHead().get();
        String join = head.join().name();
        context.graph().stage(join).flatMap(StageModel::kind).filter(k -> k != StageKind.JOIN).ifPresent(kind ->
            reporter.report(Message.JOIN_HEAD_ON_NON_JOIN, statement.location(), statement.index(),
                head.reference().name(), head.stream().name(), join, join, kind.withArticle()));
      }
    }
    for (ReferenceClaim rejected : context.graph().rejectedReferences()) {
      ReferenceClaim winner = context.graph().reference(rejected.join()).orElseThrow();
      int index = rejected.statement().orElseThrow();
      if (winner.statement().isEmpty()) {
        String method = context.graph().stage(rejected.join()).map(StageModel::methodName).orElse(rejected.join());
        reporter.report(Message.JOIN_REFERENCE_DISAGREES, rejected.origin(), index, rejected.reference(),
            rejected.join(), winner.reference(), method, winner.reference());
      } else {
        reporter.report(Message.JOIN_SECOND_REFERENCE, rejected.origin(), index, rejected.reference(),
            rejected.join(), winner.statement().getAsInt(), winner.reference());
      }
    }
    for (EdgeConflict c : context.graph().conflicts()) {
      if (c.kept().kind() == EdgeKind.REFERENCE || c.dropped().kind() == EdgeKind.REFERENCE) {
        var stream = c.kept().kind() == EdgeKind.REFERENCE ? c.dropped() : c.kept();
        reporter.report(Message.JOIN_REFERENCE_ALSO_STREAM, stream.origin(), stream.written(), stream.from(),
            stream.to());
      }
    }
    if (!context.graphComplete()) {
      return;
    }
    for (StageModel stage : context.flow().stages()) {
      if (!stage.is(StageKind.JOIN)) {
        continue;
      }
      Location at = Location.of(stage.location().element());
      if (context.graph().reference(stage.name()).isEmpty()) {
        reporter.report(Message.JOIN_NO_REFERENCE, at, stage.name(), stage.methodName(), stage.name());
      }
      if (context.graph().edgesInto(stage.name()).stream().allMatch(e -> e.kind() == EdgeKind.REFERENCE)) {
        reporter.report(Message.JOIN_NO_STREAM, at, stage.name(), stage.name());
      }
    }
  }
}

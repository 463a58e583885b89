package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Location;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.ElementTypeModel;
import dev.weir.processor.model.FallbackCandidate;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.MiddlewareDeclaration;
import dev.weir.processor.model.MiddlewareOrigin;
import dev.weir.processor.model.ResolvedMiddleware;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageModel;
import dev.weir.processor.model.StageSignature;
import dev.weir.processor.model.TypeRelation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code @CircuitBreaker(fallback)} names a method the generated class can call for every stage
 * the breaker is on: an instance method of the flow class, not private, not generic, that takes the
 * stage's input and returns its output ({@code O name(I in)} for a {@code Transform<I, O>} or an
 * {@code AsyncTransform<I, O>}, {@code void name(I in)} for a {@code Sink<I>}); and a breaker with a
 * fallback does not also set {@code onOpen}.
 *
 * <p>With overloads, the method is the one Java would call with an argument of the input type: of
 * the visible one-parameter methods that take it (without boxing if any does), the most specific.
 * A flow-class default is checked for each stage it applies to; the same problem is reported once.
 */
final class FallbackRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    FlowModel flow = context.flow();
    Map<MiddlewareDeclaration.CircuitBreaker, List<StageModel>> users = new IdentityHashMap<>();
    for (StageModel stage : flow.stages()) {
      for (ResolvedMiddleware entry : flow.middleware().stack(stage)) {
        if (entry.declaration() instanceof MiddlewareDeclaration.CircuitBreaker c) {
          users.computeIfAbsent(c, k -> new ArrayList<>()).add(stage);
        }
      }
    }
    for (MiddlewareDeclaration d : flow.middleware().all(flow.stages())) {
      if (d instanceof MiddlewareDeclaration.CircuitBreaker c && c.hasFallback()) {
        check(context, c, users.getOrDefault(c, List.of()), reporter);
      }
    }
  }

  private void check(RuleContext context, MiddlewareDeclaration.CircuitBreaker c, List<StageModel> stages,
      ErrorReporter reporter) {
    FlowModel flow = context.flow();
    String name = c.fallback().value();
    Location at = c.fallback().location();
    if (c.onOpen().explicit()) {
      reporter.report(Message.FALLBACK_AND_ON_OPEN, c.onOpen().location(), c.owner(), name, c.onOpen().value());
    }
    List<FallbackCandidate> candidates = c.fallbackCandidates();
    if (candidates.isEmpty()) {
      String hint = ClosestName.closest(name, flow.middleware().methodNames())
          .map(best -> "; did you mean '" + best + "'?")
          .orElseGet(() -> stages.isEmpty()
              ? "; add a method O " + name + "(I in) for a Transform<I, O> or an AsyncTransform<I, O>, void " + name
                  + "(I in) for a Sink<I>"
              : "; add a method " + expected(stages.get(0).signature().orElseThrow(), name));
      reporter.report(Message.FALLBACK_MISSING, at, name, c.owner(), flow.className(), hint);
      return;
    }
    for (FallbackCandidate candidate : candidates) {
      if (candidate.generic()) {
        reporter.report(Message.FALLBACK_GENERIC, at, name, c.owner(), candidate.signature());
        return;
      }
    }
    Set<String> reported = new LinkedHashSet<>();
    for (StageModel stage : stages) {
      Problem p = problem(context, c, stage, candidates);
      if (p != null && reported.add(p.message.format(p.args))) {
        reporter.report(p.message, at, p.args);
      }
    }
  }

  /** What is wrong with the fallback of {@code c} for {@code stage}, or null. */
  private Problem problem(RuleContext context, MiddlewareDeclaration.CircuitBreaker c, StageModel stage,
      List<FallbackCandidate> candidates) {
    FlowModel flow = context.flow();
    TypeRelation types = context.types();
    StageSignature signature = stage.signature().orElseThrow();
    ElementTypeModel input = signature.input().orElseThrow();
    String name = c.fallback().value();
    String expected = expected(signature, name) + (c.origin() == MiddlewareOrigin.FLOW
        ? " (an overload will do), or give stage '" + stage.name() + "' its own @CircuitBreaker" : "");
    List<FallbackCandidate> visible = candidates.stream().filter(FallbackCandidate::visible).toList();
    List<FallbackCandidate> strict = visible.stream()
        .filter(f -> f.parameters().size() == 1 && types.isSubtype(input, f.parameters().get(0))).toList();
    List<FallbackCandidate> applicable = !strict.isEmpty() ? strict : visible.stream()
        .filter(f -> f.parameters().size() == 1 && types.isAssignable(input, f.parameters().get(0))).toList();
    if (applicable.isEmpty()) {
      FallbackCandidate first = visible.isEmpty() ? candidates.get(0) : visible.get(0);
      if (first.isPrivate()) {
        return new Problem(Message.FALLBACK_PRIVATE, name, c.owner(), first.signature(), flow.generatedSimpleName());
      }
      if (!first.visible()) {
        return new Problem(Message.FALLBACK_NOT_VISIBLE, name, c.owner(), first.signature(), first.declaringClass(),
            flow.packageName().isEmpty() ? "(unnamed)" : flow.packageName(), flow.generatedSimpleName(),
            flow.className());
      }
      if (visible.size() == 1) {
        if (first.isStatic()) {
          return new Problem(Message.FALLBACK_STATIC, name, c.owner(), first.signature());
        }
        return new Problem(Message.FALLBACK_PARAMETERS, name, c.owner(), first.signature(), stage.name(),
            input.display(), expected);
      }
      return new Problem(Message.FALLBACK_NO_OVERLOAD, name, c.owner(), words(visible), stage.name(),
          input.display(), expected);
    }
    List<FallbackCandidate> mostSpecific = applicable.stream()
        .filter(f -> applicable.stream().allMatch(o -> types.isSubtype(f.parameters().get(0), o.parameters().get(0))))
        .toList();
    if (mostSpecific.size() != 1) {
      return new Problem(Message.FALLBACK_AMBIGUOUS, name, c.owner(), words(applicable), stage.name(),
          input.display(), expected);
    }
    FallbackCandidate chosen = mostSpecific.get(0);
    if (chosen.isStatic()) {
      return new Problem(Message.FALLBACK_STATIC, name, c.owner(), chosen.signature());
    }
    if (signature.kind() == StageKind.SINK) {
      return chosen.returnType().isEmpty() ? null : new Problem(Message.FALLBACK_SINK_RETURN, name, c.owner(),
          chosen.signature(), chosen.returnDisplay(), stage.name(), expected);
    }
    ElementTypeModel output = signature.output().orElseThrow();
    if (chosen.returnType().isPresent() && types.isAssignable(chosen.returnType().get(), output)) {
      return null;
    }
    if (signature.kind() == StageKind.ASYNC_TRANSFORM && chosen.returnsCompletionStage()) {
      return new Problem(Message.FALLBACK_ASYNC_RETURN, name, c.owner(), chosen.signature(), chosen.returnDisplay(),
          stage.name(), output.display(), expected);
    }
    return new Problem(Message.FALLBACK_RETURN, name, c.owner(), chosen.signature(), chosen.returnDisplay(),
        stage.name(), output.display(), expected);
  }

  /** The fallback {@code stage} needs: {@code flows.Quote name(flows.Order in)}, {@code void name(flows.Order in)}. */
  private static String expected(StageSignature stage, String name) {
    String returned = stage.kind() == StageKind.SINK ? "void" : stage.output().orElseThrow().display();
    return returned + " " + name + "(" + stage.input().orElseThrow().display() + " in)";
  }

  /** {@code a(X) and b(Y)}, {@code a(X), b(Y) and c(Z)}. */
  private static String words(List<FallbackCandidate> candidates) {
    List<String> s = candidates.stream().map(FallbackCandidate::signature).toList();
    return s.size() == 1 ? s.get(0)
        : String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
  }

  /** A message and its arguments. */
  private static final class Problem {
    final Message message;
    final Object[] args;

    Problem(Message message, Object... args) {
      this.message = message;
      this.args = args;
    }
  }
}

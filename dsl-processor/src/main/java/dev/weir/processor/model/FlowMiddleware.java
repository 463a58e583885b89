package dev.weir.processor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The middleware annotations of one flow class: the defaults on the class and those on each
 * {@code @Stage} method, as written; and how they resolve into each stage's stack.
 *
 * <p>Resolution: for each {@link MiddlewareKind}, in its order, a stage's own annotation of that
 * kind is its entry ({@link MiddlewareOrigin#STAGE}); otherwise the flow class's annotation of that
 * kind is, when it fits the stage's kind ({@link MiddlewareOrigin#FLOW}); otherwise the stage has
 * none of that kind. A stage's own annotation replaces the default of its kind as a whole (its
 * unwritten values are the annotation's defaults, not the flow class's values); different kinds
 * combine.
 *
 * @param flowDefaults the annotations on the {@code @Flow} class
 * @param byMethod the annotations on each {@code @Stage} method, by method name
 * @param methodNames the names of the flow class's methods that are neither {@code @Stage} methods
 *     nor {@code Object}'s, for suggesting a fallback
 */
public record FlowMiddleware(
    List<MiddlewareDeclaration> flowDefaults, Map<String, List<MiddlewareDeclaration>> byMethod,
    List<String> methodNames) {

  public FlowMiddleware {
    flowDefaults = List.copyOf(flowDefaults);
    byMethod = Map.copyOf(byMethod);
    methodNames = List.copyOf(methodNames);
  }

  /** A flow without middleware annotations. */
  public static FlowMiddleware none() {
    return new FlowMiddleware(List.of(), Map.of(), List.of());
  }

  /** The annotations on {@code stage}'s method. */
  public List<MiddlewareDeclaration> declaredOn(StageModel stage) {
    return byMethod.getOrDefault(stage.methodName(), List.of());
  }

  /** Every annotation: the flow defaults, then each stage's in {@code stages} order. */
  public List<MiddlewareDeclaration> all(List<StageModel> stages) {
    List<MiddlewareDeclaration> all = new ArrayList<>(flowDefaults);
    for (StageModel s : stages) {
      all.addAll(declaredOn(s));
    }
    return all;
  }

  /**
   * The resolved stack of {@code stage}, in {@link MiddlewareKind} order; only entries that fit its
   * kind; empty when its kind is unknown (its return type is no stage type).
   */
  public List<ResolvedMiddleware> stack(StageModel stage) {
    Optional<StageKind> kind = stage.kind();
    if (kind.isEmpty()) {
      return List.of();
    }
    List<ResolvedMiddleware> stack = new ArrayList<>();
    for (MiddlewareKind k : MiddlewareKind.values()) {
      if (!k.fits(kind.get())) {
        continue;
      }
      Optional<MiddlewareDeclaration> own = find(declaredOn(stage), k);
      if (own.isPresent()) {
        stack.add(new ResolvedMiddleware(own.get(), MiddlewareOrigin.STAGE));
      } else {
        find(flowDefaults, k).ifPresent(d -> stack.add(new ResolvedMiddleware(d, MiddlewareOrigin.FLOW)));
      }
    }
    return stack;
  }

  private static Optional<MiddlewareDeclaration> find(List<MiddlewareDeclaration> declarations, MiddlewareKind kind) {
    Objects.requireNonNull(kind, "kind");
    return declarations.stream().filter(d -> d.kind() == kind).findFirst();
  }
}

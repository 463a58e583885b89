package dev.weir.flow;

import java.util.Objects;

/**
 * One stage of a flow definition.
 *
 * @param name the stage's name, unique in its flow
 * @param kind what the stage does
 * @param input the input element type ({@link ElementType#NONE} for a source); for a join, its stream type
 * @param reference for a join, the reference element type; otherwise {@link ElementType#NONE}
 * @param output the output element type ({@link ElementType#NONE} for a sink)
 * @param method the flow-class method that creates the handler, for messages
 * @param factory creates the stage's handler
 * @param errorBudget the stage's own error budget ({@code @Stage(maxErrors = n)}); empty: the flow's
 *     (see {@link ErrorBudget} for which budget applies)
 */
public record StageDefinition(
    String name, StageKind kind, ElementType input, ElementType reference, ElementType output, String method,
    StageFactory factory, java.util.Optional<ErrorBudget> errorBudget) {

  public StageDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(errorBudget, "errorBudget");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a stage needs a name");
    }
  }

  /** A stage without an error budget of its own. */
  public StageDefinition(String name, StageKind kind, ElementType input, ElementType reference, ElementType output,
      String method, StageFactory factory) {
    this(name, kind, input, reference, output, method, factory, java.util.Optional.empty());
  }

  /** A source stage. */
  public static StageDefinition source(String name, ElementType output, StageFactory factory) {
    return new StageDefinition(name, StageKind.SOURCE, ElementType.NONE, ElementType.NONE, output, name, factory);
  }

  /** A stage with one input and one output ({@code TRANSFORM}, {@code ASYNC_TRANSFORM}, {@code STATEFUL}). */
  public static StageDefinition transform(
      String name, StageKind kind, ElementType input, ElementType output, StageFactory factory) {
    if (kind != StageKind.TRANSFORM && kind != StageKind.ASYNC_TRANSFORM && kind != StageKind.STATEFUL) {
      throw new IllegalArgumentException("stage '" + name + "': transform() takes TRANSFORM, ASYNC_TRANSFORM or STATEFUL, not "
          + kind + "; use source(), join() or sink()");
    }
    return new StageDefinition(name, kind, input, ElementType.NONE, output, name, factory);
  }

  /** A join stage. */
  public static StageDefinition join(
      String name, ElementType reference, ElementType stream, ElementType output, StageFactory factory) {
    return new StageDefinition(name, StageKind.JOIN, stream, reference, output, name, factory);
  }

  /** A sink stage. */
  public static StageDefinition sink(String name, ElementType input, StageFactory factory) {
    return new StageDefinition(name, StageKind.SINK, input, ElementType.NONE, ElementType.NONE, name, factory);
  }

  /** The same stage, recording the flow-class method that creates it. */
  public StageDefinition withMethod(String methodName) {
    return new StageDefinition(name, kind, input, reference, output, methodName, factory, errorBudget);
  }

  /**
   * The same stage, with its own error budget: at most {@code count} dead letters, the next fails the
   * run; what {@code @Stage(maxErrors = count)} generates. {@code FlowBuilder.errorBudget(stage, b)}
   * still overrides it.
   */
  public StageDefinition withMaxErrors(long count) {
    return withErrorBudget(ErrorBudget.maxErrors(count));
  }

  /** The same stage, with its own error budget (overridden only by {@code FlowBuilder.errorBudget(stage, b)}). */
  public StageDefinition withErrorBudget(ErrorBudget budget) {
    return new StageDefinition(name, kind, input, reference, output, method, factory,
        java.util.Optional.of(Objects.requireNonNull(budget, "budget")));
  }
}

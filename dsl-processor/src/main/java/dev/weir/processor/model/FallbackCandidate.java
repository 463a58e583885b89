package dev.weir.processor.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A method of the flow class, declared or inherited, that has the name a
 * {@code @CircuitBreaker(fallback)} gives.
 *
 * @param signature as messages print it: {@code cachedQuote(flows.Order)}
 * @param declaringClass the class that declares it
 * @param isPrivate declared {@code private}
 * @param visible whether the generated class, in the flow class's package, may call it
 * @param isStatic declared {@code static}
 * @param generic declares type parameters
 * @param parameters its parameter types
 * @param returnType its return type; empty for {@code void}
 * @param returnsCompletionStage whether its return type is a {@code java.util.concurrent.CompletionStage}
 */
public record FallbackCandidate(
    String signature, String declaringClass, boolean isPrivate, boolean visible, boolean isStatic, boolean generic,
    List<ElementTypeModel> parameters, Optional<ElementTypeModel> returnType, boolean returnsCompletionStage) {

  public FallbackCandidate {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(declaringClass, "declaringClass");
    parameters = List.copyOf(parameters);
    Objects.requireNonNull(returnType, "returnType");
  }

  /** The return type as messages print it, {@code void} included. */
  public String returnDisplay() {
    return returnType.map(ElementTypeModel::display).orElse("void");
  }
}

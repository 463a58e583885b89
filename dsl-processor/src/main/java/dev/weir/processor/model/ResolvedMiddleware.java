package dev.weir.processor.model;

import java.util.Objects;

/**
 * One entry of a stage's resolved middleware stack.
 *
 * @param declaration the annotation it comes from
 * @param origin where that annotation is: on the flow class (a default) or on the stage method
 */
public record ResolvedMiddleware(MiddlewareDeclaration declaration, MiddlewareOrigin origin) {

  public ResolvedMiddleware {
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(origin, "origin");
  }
}

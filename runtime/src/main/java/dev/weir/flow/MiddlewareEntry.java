package dev.weir.flow;

import java.util.Objects;

/**
 * One entry of a stage's resolved middleware stack and where it was declared.
 *
 * @param policy what the middleware does
 * @param origin where it was declared
 */
public record MiddlewareEntry(Middleware policy, MiddlewareOrigin origin) {

  public MiddlewareEntry {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(origin, "origin");
  }

  /** An entry declared on the {@code @Flow} class. */
  public static MiddlewareEntry flow(Middleware policy) {
    return new MiddlewareEntry(policy, MiddlewareOrigin.FLOW);
  }

  /** An entry declared on the {@code @Stage} method. */
  public static MiddlewareEntry stage(Middleware policy) {
    return new MiddlewareEntry(policy, MiddlewareOrigin.STAGE);
  }

  @Override
  public String toString() {
    return policy + " (" + origin.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}

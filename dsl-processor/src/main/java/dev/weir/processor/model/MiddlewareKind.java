package dev.weir.processor.model;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The four middleware annotations, in the order a resolved stack lists them: the order in which
 * Resilience4j's own integrations nest their decorators, outermost first (a retry around the
 * circuit breaker around the rate limiter around the time limit). The constant order is the
 * listing order; what the engine does with it is the runtime's to say.
 */
public enum MiddlewareKind {
  RETRY("Retry", EnumSet.of(StageKind.SOURCE, StageKind.TRANSFORM, StageKind.ASYNC_TRANSFORM, StageKind.SINK)),
  CIRCUIT_BREAKER("CircuitBreaker", EnumSet.of(StageKind.TRANSFORM, StageKind.ASYNC_TRANSFORM, StageKind.SINK)),
  RATE_LIMIT("RateLimit", EnumSet.allOf(StageKind.class)),
  TIMEOUT("Timeout", EnumSet.of(StageKind.TRANSFORM, StageKind.ASYNC_TRANSFORM, StageKind.SINK));

  /** The package of the annotations. */
  public static final String DSL_PACKAGE = "dev.weir.dsl";

  private final String simpleName;
  private final Set<StageKind> fits;

  MiddlewareKind(String simpleName, Set<StageKind> fits) {
    this.simpleName = simpleName;
    this.fits = Set.copyOf(fits);
  }

  /** The annotation's qualified name, for example {@code dev.weir.dsl.Retry}. */
  public String qualifiedName() {
    return DSL_PACKAGE + "." + simpleName;
  }

  /** The annotation as messages write it: {@code @Retry}. */
  public String annotation() {
    return "@" + simpleName;
  }

  /** Whether this middleware fits stages of {@code kind}. */
  public boolean fits(StageKind kind) {
    return fits.contains(kind);
  }

  /** The kinds it fits, as messages say them: {@code Transform, AsyncTransform and Sink}. */
  public String fitsInWords() {
    var names = EnumSet.copyOf(fits).stream().map(StageKind::interfaceName).collect(Collectors.toList());
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /** The kind whose annotation has the qualified name {@code qualifiedName}, if one has. */
  public static java.util.Optional<MiddlewareKind> of(String qualifiedName) {
    for (MiddlewareKind k : values()) {
      if (k.qualifiedName().equals(qualifiedName)) {
        return java.util.Optional.of(k);
      }
    }
    return java.util.Optional.empty();
  }
}

package dev.weir.flow;

/**
 * One middleware of a stage's resolved stack: a retry, a circuit breaker, a rate limit or a
 * timeout. The processor resolves the stack of every stage from the {@code @Flow} class's defaults
 * and the {@code @Stage} method's own annotations and puts it in the generated definition
 * ({@link FlowDefinition#middleware(String)} reads it); a hand-built definition adds it with
 * {@link FlowDefinition.Draft#middleware(String, MiddlewareEntry...)}. Each policy checks its values
 * when it is made, with the same limits the processor checks at compile time.
 */
public sealed interface Middleware permits RetryPolicy, CircuitBreakerPolicy, RateLimitPolicy, TimeoutPolicy {

  /** The annotation this middleware comes from, e.g. {@code "@Retry"}, for messages and listings. */
  String annotation();

  /** The stage kinds this middleware fits. */
  java.util.Set<StageKind> fits();
}

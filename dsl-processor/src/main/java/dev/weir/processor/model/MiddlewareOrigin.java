package dev.weir.processor.model;

/**
 * Where an entry of a stage's resolved middleware stack was declared. The constant names match
 * {@code dev.weir.flow.MiddlewareOrigin}, which the generated code refers to.
 */
public enum MiddlewareOrigin {
  /** On the {@code @Flow} class: a default for every stage it fits. */
  FLOW,
  /** On the {@code @Stage} method: replaces the flow default of the same kind for that stage. */
  STAGE
}

package dev.weir.flow;

/** Where an entry of a stage's middleware stack was declared. */
public enum MiddlewareOrigin {
  /** On the {@code @Flow} class: a default for every stage it fits. */
  FLOW,
  /** On the {@code @Stage} method: replaces the flow default of the same kind for that stage. */
  STAGE
}

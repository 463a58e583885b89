package dev.weir.processor.model;

/** Why a type argument of a stage interface cannot be a stage's element type. */
public enum ElementProblem {
  /** It is or contains a type variable. */
  TYPE_VARIABLE,
  /** It is a wildcard in a direction that names no usable type ({@code ? extends X} as an input). */
  WILDCARD,
  /** The generated class, in the flow's package, cannot name it. */
  INACCESSIBLE
}

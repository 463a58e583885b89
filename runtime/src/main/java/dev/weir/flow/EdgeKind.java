package dev.weir.flow;

/** How an edge was declared in the topology. */
public enum EdgeKind {
  /** {@code a |> b}. */
  FORWARD,
  /** {@code a <| b}: from {@code b} back to {@code a}, closing a cycle. */
  BACKFLOW,
  /** The reference input of a join, from {@code @Stage(reference = ...)}. */
  REFERENCE
}

package dev.weir.processor.model;

/** How an edge came to be; the constant names match {@code dev.weir.flow.EdgeKind}. */
public enum EdgeKind {
  /** {@code a |> b}. */
  FORWARD,
  /** {@code b <| a}: from {@code a} back to {@code b}. */
  BACKFLOW,
  /** The reference input of a join. */
  REFERENCE
}

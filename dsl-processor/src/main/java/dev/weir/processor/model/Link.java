package dev.weir.processor.model;

/**
 * Two adjacent names of a topology statement and the operator between them, as written.
 *
 * @param left the name left of the operator
 * @param kind the operator
 * @param right the name right of the operator
 */
public record Link(Mention left, LinkKind kind, Mention right) {

  /** The stage the edge starts at: {@code left} for {@code |>}, {@code right} for {@code <|}. */
  public String from() {
    return kind == LinkKind.FORWARD ? left.name() : right.name();
  }

  /** The stage the edge ends at. */
  public String to() {
    return kind == LinkKind.FORWARD ? right.name() : left.name();
  }

  /** The link as written, normalized: {@code a |> b}. */
  public String written() {
    return left.name() + " " + kind.operator() + " " + right.name();
  }
}

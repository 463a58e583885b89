package dev.weir.processor.model;

/** The operator between two names of a topology statement. */
public enum LinkKind {
  /** {@code a |> b}: an edge from {@code a} to {@code b}. */
  FORWARD("|>"),
  /** {@code a <| b}: a backflow edge from {@code b} back to {@code a}. */
  BACKFLOW("<|");

  private final String operator;

  LinkKind(String operator) {
    this.operator = operator;
  }

  /** The operator as written. */
  public String operator() {
    return operator;
  }
}

package dev.weir.processor.extract;

/** Thrown inside the extractor when a type or annotation value does not resolve; never leaves it. */
final class Unresolvable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final String where;
  /** The missing type as written; empty when an annotation value did not resolve. */
  final String type;

  Unresolvable(String where, String type) {
    super(where + ": " + type, null, false, false);
    this.where = where;
    this.type = type;
  }

  /** An annotation value that did not resolve, for example a constant not generated yet. */
  static Unresolvable value(String where) {
    return new Unresolvable(where, "");
  }
}

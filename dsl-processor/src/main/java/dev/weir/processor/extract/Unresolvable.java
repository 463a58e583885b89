package dev.weir.processor.extract;

/** Thrown inside the extractor when a type or annotation value does not resolve; never leaves it. */
final class Unresolvable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final String where;
  final String type;

  Unresolvable(String where, String type) {
    super(where + ": " + type, null, false, false);
    this.where = where;
    this.type = type;
  }
}

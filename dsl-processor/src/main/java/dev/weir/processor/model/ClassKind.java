package dev.weir.processor.model;

/** What sort of type carries {@code @Flow}. */
public enum ClassKind {
  CLASS("a class"),
  RECORD("a record"),
  INTERFACE("an interface"),
  ENUM("an enum"),
  ANNOTATION_TYPE("an annotation type");

  private final String description;

  ClassKind(String description) {
    this.description = description;
  }

  /** As messages say it: {@code an interface}. */
  public String description() {
    return description;
  }

  /** Whether a flow class may be of this sort. */
  public boolean instantiable() {
    return this == CLASS || this == RECORD;
  }
}

package dev.weir.processor.model;

/** Answers type questions about element types without handing out compiler types. */
public interface TypeRelation {

  /** Whether a value of type {@code from} may be passed where {@code to} is expected. */
  boolean isAssignable(ElementTypeModel from, ElementTypeModel to);

  /** Whether {@code sub} is a subtype of {@code sup} (no boxing or unboxing). */
  boolean isSubtype(ElementTypeModel sub, ElementTypeModel sup);
}

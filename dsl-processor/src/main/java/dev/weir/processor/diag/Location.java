package dev.weir.processor.diag;

import java.util.Objects;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a diagnostic points: an element and, where known, the annotation and the annotation value
 * at fault. This is the only way {@code javax.lang.model} objects travel past the extractor.
 */
public final class Location {

  private final Element element;
  private final AnnotationMirror annotation;
  private final AnnotationValue value;

  private Location(Element element, AnnotationMirror annotation, AnnotationValue value) {
    this.element = Objects.requireNonNull(element, "element");
    this.annotation = annotation;
    this.value = annotation == null ? null : value;
  }

  /** The element itself. */
  public static Location of(Element element) {
    return new Location(element, null, null);
  }

  /** An annotation on {@code element}. */
  public static Location of(Element element, AnnotationMirror annotation) {
    return new Location(element, annotation, null);
  }

  /** One value of an annotation on {@code element}; {@code value} may be absent (a default). */
  public static Location of(Element element, AnnotationMirror annotation, AnnotationValue value) {
    return new Location(element, annotation, value);
  }

  /** The element pointed at, also the originating element of generated files. */
  public Element element() {
    return element;
  }

  AnnotationMirror annotation() {
    return annotation;
  }

  AnnotationValue value() {
    return value;
  }
}

package dev.weir.processor.extract;

import dev.weir.processor.diag.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Typed access to one annotation's values, defaults included. A value of an unexpected type means
 * javac could not resolve it (for example a constant another processor has not generated yet).
 */
final class AnnotationValues {

  /** What javac substitutes for an annotation value it could not attribute. */
  private static final String ERROR_VALUE = "<error>";

  private final Element element;
  private final AnnotationMirror annotation;
  private final String annotationName;
  private final Map<String, AnnotationValue> explicit = new HashMap<>();
  private final Map<String, AnnotationValue> withDefaults = new HashMap<>();

  AnnotationValues(Elements elements, Element element, AnnotationMirror annotation) {
    this.element = element;
    this.annotation = annotation;
    this.annotationName = "@" + annotation.getAnnotationType().asElement().getSimpleName();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : annotation.getElementValues().entrySet()) {
      explicit.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : elements.getElementValuesWithDefaults(annotation).entrySet()) {
      withDefaults.put(e.getKey().getSimpleName().toString(), e.getValue());
    }
  }

  boolean isExplicit(String name) {
    return explicit.containsKey(name);
  }

  String string(String name) {
    return string(name, value(name));
  }

  int integer(String name) {
    Object v = value(name).getValue();
    if (v instanceof Integer i) {
      return i;
    }
    throw unresolved(name);
  }

  long longValue(String name) {
    Object v = value(name).getValue();
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Integer i) {
      return i;
    }
    throw unresolved(name);
  }

  double real(String name) {
    Object v = value(name).getValue();
    if (v instanceof Double d) {
      return d;
    }
    throw unresolved(name);
  }

  /** The name of the constant an enum-valued member has. */
  String enumConstant(String name) {
    Object v = value(name).getValue();
    if (v instanceof VariableElement constant) {
      return constant.getSimpleName().toString();
    }
    throw unresolved(name);
  }

  /** The values of an array-valued member, each with its own annotation value for pointing. */
  List<AnnotationValue> array(String name) {
    Object v = value(name).getValue();
    if (!(v instanceof List<?> list)) {
      throw unresolved(name);
    }
    List<AnnotationValue> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof AnnotationValue av)) {
        throw unresolved(name);
      }
      out.add(av);
    }
    return out;
  }

  /** A string element of an array-valued member. */
  String string(String name, AnnotationValue value) {
    Object v = value.getValue();
    if (v instanceof String s && !ERROR_VALUE.equals(s)) {
      return s;
    }
    throw unresolved(name);
  }

  /** Where member {@code name} was written, or the annotation when it was left to its default. */
  Location location(String name) {
    return Location.of(element, annotation, explicit.get(name));
  }

  private AnnotationValue value(String name) {
    AnnotationValue v = withDefaults.get(name);
    if (v == null) {
      throw Unresolvable.value(annotationName + "(" + name + ")");
    }
    return v;
  }

  private Unresolvable unresolved(String name) {
    return Unresolvable.value(annotationName + "(" + name + ")");
  }
}

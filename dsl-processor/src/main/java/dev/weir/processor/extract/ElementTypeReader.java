package dev.weir.processor.extract;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import dev.weir.processor.model.ElementTypeModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;

/**
 * Turns a concrete compiler type into an {@link ElementTypeModel}: how to print it, how generated
 * code writes it, and its event name and version.
 */
final class ElementTypeReader {

  private static final String EVENT_TYPE = "dev.weir.dsl.EventType";

  private final Elements elements;
  private final MirrorTypeRelation relation;

  ElementTypeReader(Elements elements, MirrorTypeRelation relation) {
    this.elements = elements;
    this.relation = relation;
  }

  ElementTypeModel read(TypeMirror type) {
    ElementTypeModel model = new ElementTypeModel(type.toString(), typeName(type), eventName(type), eventVersion(type));
    relation.remember(model, type);
    return model;
  }

  /** Whether {@code type} contains a type variable anywhere. */
  static boolean hasTypeVariable(TypeMirror type) {
    return switch (type.getKind()) {
      case TYPEVAR -> true;
      case DECLARED -> ((DeclaredType) type).getTypeArguments().stream().anyMatch(ElementTypeReader::hasTypeVariable);
      case ARRAY -> hasTypeVariable(((ArrayType) type).getComponentType());
      case WILDCARD -> {
        WildcardType w = (WildcardType) type;
        yield w.getExtendsBound() != null && hasTypeVariable(w.getExtendsBound())
            || w.getSuperBound() != null && hasTypeVariable(w.getSuperBound());
      }
      default -> false;
    };
  }

  /** Whether code in package {@code pkg} can name {@code type} and every type in it. */
  boolean accessibleFrom(TypeMirror type, String pkg) {
    switch (type.getKind()) {
      case DECLARED -> {
        for (Element e = ((DeclaredType) type).asElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
          if (e.getModifiers().contains(Modifier.PRIVATE)) {
            return false;
          }
          if (!e.getModifiers().contains(Modifier.PUBLIC)
              && !elements.getPackageOf(e).getQualifiedName().contentEquals(pkg)) {
            return false;
          }
        }
        return ((DeclaredType) type).getTypeArguments().stream().allMatch(t -> accessibleFrom(t, pkg));
      }
      case ARRAY -> {
        return accessibleFrom(((ArrayType) type).getComponentType(), pkg);
      }
      case WILDCARD -> {
        WildcardType w = (WildcardType) type;
        return (w.getExtendsBound() == null || accessibleFrom(w.getExtendsBound(), pkg))
            && (w.getSuperBound() == null || accessibleFrom(w.getSuperBound(), pkg));
      }
      default -> {
        return true;
      }
    }
  }

  /** The type as generated code writes it, without type annotations. */
  static TypeName typeName(TypeMirror type) {
    switch (type.getKind()) {
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        if (declared.getEnclosingType() instanceof DeclaredType outer && !outer.getTypeArguments().isEmpty()) {
          return TypeName.get(type).withoutAnnotations();
        }
        ClassName raw = ClassName.get((TypeElement) declared.asElement());
        List<? extends TypeMirror> args = declared.getTypeArguments();
        if (args.isEmpty()) {
          return raw;
        }
        return ParameterizedTypeName.get(raw, args.stream().map(ElementTypeReader::typeName).toArray(TypeName[]::new));
      }
      case ARRAY -> {
        return ArrayTypeName.of(typeName(((ArrayType) type).getComponentType()));
      }
      case WILDCARD -> {
        WildcardType w = (WildcardType) type;
        if (w.getSuperBound() != null) {
          return WildcardTypeName.supertypeOf(typeName(w.getSuperBound()));
        }
        return WildcardTypeName.subtypeOf(w.getExtendsBound() == null ? ClassName.OBJECT : typeName(w.getExtendsBound()));
      }
      default -> {
        return TypeName.get(type).withoutAnnotations();
      }
    }
  }

  private String eventName(TypeMirror type) {
    return eventType(type).flatMap(values -> value(values, "name")).map(Object::toString)
        .orElseGet(() -> simpleName(type));
  }

  private int eventVersion(TypeMirror type) {
    return eventType(type).flatMap(values -> value(values, "version"))
        .filter(Integer.class::isInstance).map(Integer.class::cast).orElse(1);
  }

  private Optional<Map<? extends ExecutableElement, ? extends AnnotationValue>> eventType(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    Element e = ((DeclaredType) type).asElement();
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      Element annotationType = a.getAnnotationType().asElement();
      if (annotationType.getKind() == ElementKind.ANNOTATION_TYPE
          && ((TypeElement) annotationType).getQualifiedName().contentEquals(EVENT_TYPE)) {
        return Optional.of(elements.getElementValuesWithDefaults(a));
      }
    }
    return Optional.empty();
  }

  private static Optional<Object> value(Map<? extends ExecutableElement, ? extends AnnotationValue> values,
      String name) {
    return values.entrySet().stream().filter(e -> e.getKey().getSimpleName().contentEquals(name))
        .map(e -> e.getValue().getValue()).findFirst();
  }

  /** As {@link Class#getSimpleName()} would say it: {@code List}, {@code String[]}, {@code Inner}. */
  private static String simpleName(TypeMirror type) {
    return switch (type.getKind()) {
      case DECLARED -> ((DeclaredType) type).asElement().getSimpleName().toString();
      case ARRAY -> simpleName(((ArrayType) type).getComponentType()) + "[]";
      default -> type.toString();
    };
  }
}

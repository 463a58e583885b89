package dev.weir.processor.extract;

import java.util.Optional;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Finds types that did not resolve: missing classes, or classes another processor has not generated yet. */
final class ErrorTypes {

  private ErrorTypes() {}

  /** The first unresolved type in {@code type}, its type arguments, components and bounds. */
  static Optional<TypeMirror> first(TypeMirror type) {
    if (type == null) {
      return Optional.empty();
    }
    if (type.getKind() == TypeKind.ERROR) {
      return Optional.of(type);
    }
    if (type instanceof DeclaredType declared) {
      for (TypeMirror arg : declared.getTypeArguments()) {
        Optional<TypeMirror> found = first(arg);
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (type instanceof ArrayType array) {
      return first(array.getComponentType());
    } else if (type instanceof WildcardType wildcard) {
      return first(wildcard.getExtendsBound()).or(() -> first(wildcard.getSuperBound()));
    }
    return Optional.empty();
  }
}

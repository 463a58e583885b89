package dev.weir.processor.extract;

import dev.weir.processor.model.ElementTypeModel;
import dev.weir.processor.model.TypeRelation;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/** {@link TypeRelation} over the compiler's types, kept here so they stay inside the extractor. */
final class MirrorTypeRelation implements TypeRelation {

  private final Types types;
  private final Map<ElementTypeModel, TypeMirror> mirrors = new HashMap<>();

  MirrorTypeRelation(Types types) {
    this.types = types;
  }

  /** Remembers the compiler type behind {@code model}. */
  void remember(ElementTypeModel model, TypeMirror mirror) {
    mirrors.putIfAbsent(model, mirror);
  }

  @Override
  public boolean isAssignable(ElementTypeModel from, ElementTypeModel to) {
    return types.isAssignable(mirror(from), mirror(to));
  }

  @Override
  public boolean isSubtype(ElementTypeModel sub, ElementTypeModel sup) {
    return types.isSubtype(mirror(sub), mirror(sup));
  }

  private TypeMirror mirror(ElementTypeModel model) {
    TypeMirror mirror = mirrors.get(model);
    if (mirror == null) {
      throw new IllegalStateException("no compiler type recorded for " + model);
    }
    return mirror;
  }
}

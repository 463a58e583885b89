package dev.weir.processor.extract;

import dev.weir.processor.model.ElementProblem;
import dev.weir.processor.model.ElementTypeModel;
import dev.weir.processor.model.ReturnShape;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageSignature;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a stage's kind and element types from its method's return type: one of the stage
 * interfaces, or a type that implements one (its type arguments resolved through the supertypes).
 */
final class StageTypeResolver {

  /** A type argument's role, which decides how a wildcard in it is read. */
  private enum Position {
    INPUT("input", true),
    OUTPUT("output", false),
    REFERENCE("reference", true),
    STREAM("stream", true);

    final String word;
    final boolean consumed;

    Position(String word, boolean consumed) {
      this.word = word;
      this.consumed = consumed;
    }
  }

  /** Signals an unusable type argument; carries the shape that says why. */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ReturnShape.BadElementType shape;

    Bad(ReturnShape.BadElementType shape) {
      super(null, null, false, false);
      this.shape = shape;
    }
  }

  private final Types types;
  private final Elements elements;
  private final ElementTypeReader reader;
  private final String packageName;

  StageTypeResolver(Types types, Elements elements, ElementTypeReader reader, String packageName) {
    this.types = types;
    this.elements = elements;
    this.reader = reader;
    this.packageName = packageName;
  }

  /** Whether all six stage interfaces are on the compile classpath. */
  static boolean apiPresent(Elements elements) {
    for (StageKind kind : StageKind.values()) {
      if (elements.getTypeElement(kind.qualifiedInterfaceName()) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * The shape of {@code returnType}, returned by method {@code where}.
   *
   * @throws Unresolvable if a type involved does not exist (yet)
   */
  ReturnShape resolve(TypeMirror returnType, String where) {
    ErrorTypes.first(returnType).ifPresent(missing -> {
      throw new Unresolvable(where, missing.toString());
    });
    String display = returnType.toString();
    if (returnType.getKind() != TypeKind.DECLARED) {
      return new ReturnShape.NotAStageType(display);
    }
    Map<StageKind, DeclaredType> found = new EnumMap<>(StageKind.class);
    Deque<TypeMirror> todo = new ArrayDeque<>(List.of(returnType));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      TypeMirror t = todo.poll();
      if (t.getKind() == TypeKind.ERROR) {
        throw new Unresolvable(where, t.toString());
      }
      if (t.getKind() != TypeKind.DECLARED || !seen.add(types.erasure(t).toString())) {
        continue;
      }
      Optional<StageKind> kind = kindOf(((DeclaredType) t).asElement());
      if (kind.isPresent()) {
        found.putIfAbsent(kind.get(), (DeclaredType) t);
      } else {
        todo.addAll(types.directSupertypes(t));
      }
    }
    if (found.isEmpty()) {
      return new ReturnShape.NotAStageType(display);
    }
    if (found.size() > 1) {
      return new ReturnShape.Ambiguous(display, List.copyOf(found.keySet()));
    }
    StageKind kind = found.keySet().iterator().next();
    List<? extends TypeMirror> args = found.get(kind).getTypeArguments();
    if (args.isEmpty()) {
      return new ReturnShape.Raw(display, kind);
    }
    for (TypeMirror arg : args) {
      ErrorTypes.first(arg).ifPresent(missing -> {
        throw new Unresolvable(where, missing.toString());
      });
    }
    try {
      return new ReturnShape.Recognized(switch (kind) {
        case SOURCE -> signature(kind, null, null, element(display, args.get(0), Position.OUTPUT));
        case TRANSFORM, ASYNC_TRANSFORM -> signature(kind, element(display, args.get(0), Position.INPUT), null,
            element(display, args.get(1), Position.OUTPUT));
        case STATEFUL -> signature(kind, element(display, args.get(0), Position.INPUT), null,
            element(display, args.get(2), Position.OUTPUT));
        case JOIN -> signature(kind, element(display, args.get(1), Position.STREAM),
            element(display, args.get(0), Position.REFERENCE), element(display, args.get(2), Position.OUTPUT));
        case SINK -> signature(kind, element(display, args.get(0), Position.INPUT), null, null);
      });
    } catch (Bad bad) {
      return bad.shape;
    }
  }

  private static StageSignature signature(StageKind kind, ElementTypeModel input, ElementTypeModel reference,
      ElementTypeModel output) {
    return new StageSignature(kind, Optional.ofNullable(input), Optional.ofNullable(reference),
        Optional.ofNullable(output));
  }

  private ElementTypeModel element(String returnType, TypeMirror arg, Position position) {
    TypeMirror type = arg;
    if (arg.getKind() == TypeKind.WILDCARD) {
      WildcardType w = (WildcardType) arg;
      if (position.consumed && w.getSuperBound() != null) {
        type = w.getSuperBound();
      } else if (!position.consumed && w.getSuperBound() == null) {
        type = w.getExtendsBound() != null ? w.getExtendsBound()
            : elements.getTypeElement(Object.class.getName()).asType();
      } else {
        throw bad(returnType, position, arg, ElementProblem.WILDCARD);
      }
    }
    if (ElementTypeReader.hasTypeVariable(type)) {
      throw bad(returnType, position, type, ElementProblem.TYPE_VARIABLE);
    }
    if (!reader.accessibleFrom(type, packageName)) {
      throw bad(returnType, position, type, ElementProblem.INACCESSIBLE);
    }
    return reader.read(type);
  }

  private static Bad bad(String returnType, Position position, TypeMirror type, ElementProblem problem) {
    return new Bad(new ReturnShape.BadElementType(returnType, position.word, type.toString(), problem));
  }

  private Optional<StageKind> kindOf(Element element) {
    if (element instanceof TypeElement type) {
      for (StageKind kind : StageKind.values()) {
        if (type.getQualifiedName().contentEquals(kind.qualifiedInterfaceName())) {
          return Optional.of(kind);
        }
      }
    }
    return Optional.empty();
  }
}

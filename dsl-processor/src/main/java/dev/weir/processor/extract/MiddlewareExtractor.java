package dev.weir.processor.extract;

import dev.weir.processor.diag.Location;
import dev.weir.processor.model.ElementTypeModel;
import dev.weir.processor.model.FallbackCandidate;
import dev.weir.processor.model.FlowMiddleware;
import dev.weir.processor.model.MemberValue;
import dev.weir.processor.model.MiddlewareDeclaration;
import dev.weir.processor.model.MiddlewareKind;
import dev.weir.processor.model.MiddlewareOrigin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the middleware annotations of a flow class and its {@code @Stage} methods, and for each
 * {@code @CircuitBreaker(fallback)} the methods of the class with that name.
 */
final class MiddlewareExtractor {

  private static final String COMPLETION_STAGE = "java.util.concurrent.CompletionStage";

  private final Types types;
  private final Elements elements;
  private final ElementTypeReader reader;

  MiddlewareExtractor(Types types, Elements elements, ElementTypeReader reader) {
    this.types = types;
    this.elements = elements;
    this.reader = reader;
  }

  /**
   * The middleware of {@code flowClass}, whose name messages print as {@code className}.
   *
   * @throws Unresolvable if a value or a fallback's type does not resolve (yet)
   */
  FlowMiddleware read(TypeElement flowClass, String className) {
    List<MiddlewareDeclaration> defaults = declarations(flowClass, MiddlewareOrigin.FLOW, className, flowClass);
    Map<String, List<MiddlewareDeclaration>> byMethod = new LinkedHashMap<>();
    for (ExecutableElement method : ElementFilter.methodsIn(flowClass.getEnclosedElements())) {
      if (FlowExtractor.annotation(method, FlowExtractor.STAGE).isPresent()) {
        String name = method.getSimpleName().toString();
        List<MiddlewareDeclaration> own = declarations(method, MiddlewareOrigin.STAGE, name + "()", flowClass);
        if (!own.isEmpty()) {
          byMethod.putIfAbsent(name, own);
        }
      }
    }
    Set<String> stageMethods = ElementFilter.methodsIn(flowClass.getEnclosedElements()).stream()
        .filter(m -> FlowExtractor.annotation(m, FlowExtractor.STAGE).isPresent())
        .map(m -> m.getSimpleName().toString()).collect(Collectors.toSet());
    Set<String> names = new LinkedHashSet<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(flowClass))) {
      String name = m.getSimpleName().toString();
      if (!stageMethods.contains(name) && !declaredInObject(m)) {
        names.add(name);
      }
    }
    return new FlowMiddleware(defaults, byMethod, List.copyOf(names));
  }

  private List<MiddlewareDeclaration> declarations(Element element, MiddlewareOrigin origin, String owner,
      TypeElement flowClass) {
    List<MiddlewareDeclaration> out = new ArrayList<>();
    for (MiddlewareKind kind : MiddlewareKind.values()) {
      Optional<AnnotationMirror> mirror = FlowExtractor.annotation(element, kind.qualifiedName());
      if (mirror.isPresent()) {
        out.add(declaration(kind, element, mirror.get(), origin, owner, flowClass));
      }
    }
    return out;
  }

  private MiddlewareDeclaration declaration(MiddlewareKind kind, Element element, AnnotationMirror mirror,
      MiddlewareOrigin origin, String owner, TypeElement flowClass) {
    AnnotationValues v = new AnnotationValues(elements, element, mirror);
    Location at = Location.of(element, mirror);
    return switch (kind) {
      case RETRY -> new MiddlewareDeclaration.Retry(integer(v, "maxAttempts"), string(v, "initialDelay"),
          real(v, "multiplier"), string(v, "maxDelay"), real(v, "jitter"), origin, owner, at);
      case CIRCUIT_BREAKER -> {
        MemberValue<String> fallback = string(v, "fallback");
        yield new MiddlewareDeclaration.CircuitBreaker(real(v, "failureRateThreshold"),
            integer(v, "slidingWindowSize"), integer(v, "minimumCalls"), string(v, "waitInOpen"),
            integer(v, "halfOpenCalls"), string(v, "slowCallDuration"), real(v, "slowCallRateThreshold"), fallback,
            new MemberValue<>("onOpen", v.enumConstant("onOpen"), v.isExplicit("onOpen"), v.location("onOpen")),
            fallback.value().isEmpty() ? List.of() : candidates(flowClass, fallback.value()), origin, owner, at);
      }
      case RATE_LIMIT -> new MiddlewareDeclaration.RateLimit(real(v, "perSecond"), integer(v, "burst"), origin,
          owner, at);
      case TIMEOUT -> new MiddlewareDeclaration.Timeout(string(v, "value"), origin, owner, at);
    };
  }

  /** The methods of {@code flowClass} named {@code name}: those it declares in order, then inherited ones. */
  private List<FallbackCandidate> candidates(TypeElement flowClass, String name) {
    String flowPackage = elements.getPackageOf(flowClass).getQualifiedName().toString();
    TypeElement completionStage = elements.getTypeElement(COMPLETION_STAGE);
    Set<ExecutableElement> methods = new LinkedHashSet<>(ElementFilter.methodsIn(flowClass.getEnclosedElements()));
    methods.addAll(ElementFilter.methodsIn(elements.getAllMembers(flowClass)));
    List<FallbackCandidate> out = new ArrayList<>();
    for (ExecutableElement m : methods) {
      if (!m.getSimpleName().contentEquals(name)) {
        continue;
      }
      String where = name + "()";
      List<ElementTypeModel> parameters = new ArrayList<>();
      for (var p : m.getParameters()) {
        parameters.add(read(p.asType(), where));
      }
      TypeMirror returned = m.getReturnType();
      Optional<ElementTypeModel> returnType = returned.getKind() == TypeKind.VOID ? Optional.empty()
          : Optional.of(read(returned, where));
      boolean future = completionStage != null && returned.getKind() == TypeKind.DECLARED
          && types.isAssignable(types.erasure(returned), types.erasure(completionStage.asType()));
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      Set<Modifier> modifiers = m.getModifiers();
      boolean isPrivate = modifiers.contains(Modifier.PRIVATE);
      boolean visible = !isPrivate && (modifiers.contains(Modifier.PUBLIC)
          || elements.getPackageOf(owner).getQualifiedName().contentEquals(flowPackage));
      String signature = name + m.getParameters().stream().map(p -> p.asType().toString())
          .collect(Collectors.joining(", ", "(", ")"));
      out.add(new FallbackCandidate(signature, owner.getQualifiedName().toString(), isPrivate, visible,
          modifiers.contains(Modifier.STATIC), !m.getTypeParameters().isEmpty(), parameters, returnType, future));
    }
    return out;
  }

  private ElementTypeModel read(TypeMirror type, String where) {
    ErrorTypes.first(type).ifPresent(missing -> {
      throw new Unresolvable(where, missing.toString());
    });
    return reader.read(type);
  }

  private static boolean declaredInObject(ExecutableElement m) {
    return m.getEnclosingElement() instanceof TypeElement t && t.getQualifiedName().contentEquals("java.lang.Object");
  }

  private static MemberValue<Integer> integer(AnnotationValues v, String name) {
    return new MemberValue<>(name, v.integer(name), v.isExplicit(name), v.location(name));
  }

  private static MemberValue<Double> real(AnnotationValues v, String name) {
    return new MemberValue<>(name, v.real(name), v.isExplicit(name), v.location(name));
  }

  private static MemberValue<String> string(AnnotationValues v, String name) {
    return new MemberValue<>(name, v.string(name), v.isExplicit(name), v.location(name));
  }
}

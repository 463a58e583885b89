package dev.weir.processor.extract;

import dev.weir.processor.diag.Location;
import dev.weir.processor.model.ClassKind;
import dev.weir.processor.model.FlowClassFacts;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.MethodFacts;
import dev.weir.processor.model.ReturnShape;
import dev.weir.processor.model.StageModel;
import dev.weir.processor.model.TopologyStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Flow} class into a {@link FlowModel}. Only facts are gathered here; whether they
 * are acceptable is for the rules to say. No compiler type leaves this package except the
 * elements inside {@link Location}s.
 */
public final class FlowExtractor {

  /** The qualified name of {@code @Flow}. */
  public static final String FLOW = "dev.weir.dsl.Flow";

  /** The qualified name of {@code @Stage}. */
  public static final String STAGE = "dev.weir.dsl.Stage";

  /** The qualified name of {@code @EventType}. */
  public static final String EVENT_TYPE = "dev.weir.dsl.EventType";

  /** The qualified name of the settings a flow class's constructor may take. */
  public static final String FLOW_SETTINGS = "dev.weir.flow.FlowSettings";

  private final Types types;
  private final Elements elements;

  public FlowExtractor(ProcessingEnvironment env) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
  }

  /** Reads {@code type}, which carries {@code @Flow}. */
  public Extraction extract(TypeElement type) {
    AnnotationMirror flow = annotation(type, FLOW)
        .orElseThrow(() -> new IllegalArgumentException(type + " carries no @" + FLOW));
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    List<String> simpleNames = simpleNames(type);
    String generatedName = String.join("_", simpleNames) + "Flow";
    Location at = Location.of(type, flow);
    try {
      AnnotationValues values = new AnnotationValues(elements, type, flow);
      String name = values.string("name");
      List<TopologyStatement> statements = new ArrayList<>();
      List<AnnotationValue> topology = values.array("topology");
      for (int i = 0; i < topology.size(); i++) {
        AnnotationValue v = topology.get(i);
        statements.add(TopologyParser.parse(i, values.string("topology", v), Location.of(type, flow, v)));
      }
      MirrorTypeRelation relation = new MirrorTypeRelation(types);
      boolean api = StageTypeResolver.apiPresent(elements);
      StageTypeResolver resolver =
          new StageTypeResolver(types, elements, new ElementTypeReader(elements, relation), packageName);
      List<StageModel> stages = new ArrayList<>();
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        Optional<AnnotationMirror> stage = annotation(method, STAGE);
        if (stage.isPresent()) {
          stages.add(stage(method, stage.get(), api ? Optional.of(resolver) : Optional.empty()));
        }
      }
      FlowModel model = new FlowModel(type.getQualifiedName().toString(), packageName, simpleNames,
          name.isEmpty() ? snakeCase(type.getSimpleName().toString()) : name, values.isExplicit("name"),
          values.integer("maxIterations"), values.integer("bufferSize"), classFacts(type), api, stages, statements,
          at, values.location("name"), values.location("maxIterations"), values.location("bufferSize"));
      model = model.withMiddleware(new MiddlewareExtractor(types, elements, new ElementTypeReader(elements, relation))
          .read(type, model.className()));
      return new Extraction.Extracted(model, relation);
    } catch (Unresolvable u) {
      return new Extraction.Unresolved(type.getQualifiedName().toString(), generatedName, u.where, u.type, at);
    }
  }

  private StageModel stage(ExecutableElement method, AnnotationMirror stage, Optional<StageTypeResolver> resolver) {
    AnnotationValues values = new AnnotationValues(elements, method, stage);
    String methodName = method.getSimpleName().toString();
    String explicitName = values.string("name");
    String reference = values.string("reference");
    Set<Modifier> modifiers = method.getModifiers();
    MethodFacts facts = new MethodFacts(modifiers.contains(Modifier.PRIVATE), modifiers.contains(Modifier.STATIC),
        method.getParameters().size(), !method.getTypeParameters().isEmpty());
    ReturnShape shape = resolver.isPresent()
        ? resolver.get().resolve(method.getReturnType(), methodName + "()")
        : new ReturnShape.NotAStageType(method.getReturnType().toString());
    return new StageModel(explicitName.isEmpty() ? methodName : explicitName, methodName, !explicitName.isEmpty(),
        facts, shape, reference.isEmpty() ? Optional.empty() : Optional.of(reference), Location.of(method, stage),
        values.location("name"), values.location("reference"), values.longValue("maxErrors"),
        values.location("maxErrors"));
  }

  private FlowClassFacts classFacts(TypeElement type) {
    ClassKind kind = switch (type.getKind()) {
      case INTERFACE -> ClassKind.INTERFACE;
      case ENUM -> ClassKind.ENUM;
      case ANNOTATION_TYPE -> ClassKind.ANNOTATION_TYPE;
      case RECORD -> ClassKind.RECORD;
      default -> ClassKind.CLASS;
    };
    boolean inner = false;
    Optional<String> privateClass = Optional.empty();
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      NestingKind nesting = t.getNestingKind();
      if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS
          || nesting == NestingKind.MEMBER && !t.getModifiers().contains(Modifier.STATIC)) {
        inner = true;
      }
      if (privateClass.isEmpty() && t.getModifiers().contains(Modifier.PRIVATE)) {
        privateClass = Optional.of(t.getSimpleName().toString());
      }
    }
    boolean noArgConstructor = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().isEmpty() && !c.getModifiers().contains(Modifier.PRIVATE));
    boolean settingsConstructor = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .anyMatch(c -> c.getParameters().size() == 1 && !c.getModifiers().contains(Modifier.PRIVATE)
            && !c.isVarArgs() && isFlowSettings(c.getParameters().get(0).asType()));
    return new FlowClassFacts(kind, inner, privateClass, type.getModifiers().contains(Modifier.ABSTRACT),
        !type.getTypeParameters().isEmpty(), noArgConstructor, settingsConstructor);
  }

  /** Whether {@code type} is {@code dev.weir.flow.FlowSettings}. */
  private static boolean isFlowSettings(javax.lang.model.type.TypeMirror type) {
    return type.getKind() == javax.lang.model.type.TypeKind.DECLARED
        && ((javax.lang.model.type.DeclaredType) type).asElement() instanceof TypeElement t
        && t.getQualifiedName().contentEquals(FLOW_SETTINGS);
  }

  private static List<String> simpleNames(TypeElement type) {
    List<String> names = new ArrayList<>();
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.add(e.getSimpleName().toString());
    }
    Collections.reverse(names);
    return names;
  }

  /** {@code element}'s annotation of type {@code qualifiedName}, if it carries one. */
  public static Optional<AnnotationMirror> annotation(Element element, String qualifiedName) {
    for (AnnotationMirror a : element.getAnnotationMirrors()) {
      if (a.getAnnotationType().asElement() instanceof TypeElement t
          && t.getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The default flow name: {@code FlightDelays} becomes {@code flight_delays}, {@code HTTPLog} {@code http_log}. */
  static String snakeCase(String className) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < className.length(); i++) {
      char c = className.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLower = i > 0 && (Character.isLowerCase(className.charAt(i - 1))
            || Character.isDigit(className.charAt(i - 1)));
        boolean endsAcronym = i > 0 && Character.isUpperCase(className.charAt(i - 1))
            && i + 1 < className.length() && Character.isLowerCase(className.charAt(i + 1));
        if (afterLower || endsAcronym) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

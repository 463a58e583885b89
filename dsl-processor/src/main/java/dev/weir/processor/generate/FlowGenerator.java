package dev.weir.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.weir.processor.model.EdgeModel;
import dev.weir.processor.model.FlowClassFacts;
import dev.weir.processor.model.ElementTypeModel;
import dev.weir.processor.model.FlowGraph;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.StageModel;
import dev.weir.processor.model.StageSignature;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <FlowClass>Flow}: a {@code definition(Supplier)} that lists the flow's stages in
 * declaration order and its edges in statement order, and, when the flow class has a constructor
 * the generated code can call (one taking a {@code FlowSettings}, preferred, or none), a
 * {@code definition()} and a {@code builder()}. The output depends only on the model, so the same
 * class always generates the same file.
 */
public final class FlowGenerator {

  /** The value of the generated class's {@code @Generated}. */
  public static final String GENERATOR = "dev.weir.processor.FlowProcessor";

  private static final String FLOW_PACKAGE = "dev.weir.flow";
  private static final ClassName FLOW_DEFINITION = ClassName.get(FLOW_PACKAGE, "FlowDefinition");
  private static final ClassName FLOW_BUILDER = ClassName.get(FLOW_PACKAGE, "FlowBuilder");
  private static final ClassName DRAFT = FLOW_DEFINITION.nestedClass("Draft");
  private static final ClassName SUPPLIER = ClassName.get("java.util.function", "Supplier");
  private static final ClassName STAGE_DEFINITION = ClassName.get(FLOW_PACKAGE, "StageDefinition");
  private static final ClassName EDGE_DEFINITION = ClassName.get(FLOW_PACKAGE, "EdgeDefinition");
  private static final ClassName ELEMENT_TYPE = ClassName.get(FLOW_PACKAGE, "ElementType");
  private static final ClassName TYPE_REF = ClassName.get(FLOW_PACKAGE, "TypeRef");
  private static final ClassName STAGE_KIND = ClassName.get(FLOW_PACKAGE, "StageKind");
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private final boolean annotateGenerated;

  /** {@code annotateGenerated}: whether {@code javax.annotation.processing.Generated} is available. */
  public FlowGenerator(boolean annotateGenerated) {
    this.annotateGenerated = annotateGenerated;
  }

  /** The generated file for a flow that passed every rule. */
  public JavaFile generate(FlowModel flow, FlowGraph graph) {
    List<String> names = flow.simpleNames();
    ClassName flowClass = ClassName.get(flow.packageName(), names.get(0),
        names.subList(1, names.size()).toArray(String[]::new));
    TypeSpec.Builder type = TypeSpec.classBuilder(flow.generatedSimpleName())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(flow.location().element())
        .addJavadoc("The definition of flow {@code $L}, generated from {@link $T}.\n", flow.flowName(), flowClass);
    FlowClassFacts facts = flow.classFacts();
    if (!facts.creatable()) {
      type.addJavadoc("\n<p>{@code $L} has no non-private constructor without parameters or taking a\n"
          + "{@code FlowSettings}, so there is no {@code definition()} or {@code builder()}: pass what creates it\n"
          + "to {@link #definition(Supplier)}.\n", flow.className());
    }
    if (annotateGenerated) {
      type.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", GENERATOR).build());
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    if (facts.hasSettingsConstructor()) {
      type.addMethod(MethodSpec.methodBuilder("definition")
          .addJavadoc("The flow's stages, element types and edges; each run creates its {@code $L} with\n"
              + "{@code new $L(settings)}, given the run's {@code FlowSettings}.\n", flow.className(),
              flow.className())
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(FLOW_DEFINITION)
          .addStatement("return stages($T.define($S, settings -> new $T(settings)))", FLOW_DEFINITION,
              flow.flowName(), flowClass)
          .build());
    } else if (facts.hasNoArgConstructor()) {
      type.addMethod(MethodSpec.methodBuilder("definition")
          .addJavadoc("The flow's stages, element types and edges; each run creates its {@code $L} with\n"
              + "{@code new $L()}.\n", flow.className(), flow.className())
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(FLOW_DEFINITION)
          .addStatement("return definition($T::new)", flowClass)
          .build());
    }
    type.addMethod(MethodSpec.methodBuilder("definition")
        .addJavadoc("The flow's stages, element types and edges; each run gets its {@code $L} from\n"
            + "{@code factory} (your code, a DI container), built with any constructor.\n", flow.className())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addParameter(ParameterizedTypeName.get(SUPPLIER, WildcardTypeName.subtypeOf(flowClass)), "factory")
        .returns(FLOW_DEFINITION)
        .addStatement("return stages($T.define($S, factory))", FLOW_DEFINITION, flow.flowName())
        .build());
    if (facts.creatable()) {
      type.addMethod(MethodSpec.methodBuilder("builder")
          .addJavadoc("Starts configuring a run of the flow.\n")
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(FLOW_BUILDER)
          .addStatement("return definition().builder()")
          .build());
    }
    type.addMethod(MethodSpec.methodBuilder("stages")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(DRAFT, "draft")
        .returns(FLOW_DEFINITION)
        .addAnnotations(MiddlewareCode.suppressions(flow))
        .addCode(definition(flow, graph, flowClass))
        .build());
    return JavaFile.builder(flow.packageName(), type.build()).skipJavaLangImports(true).indent("  ").build();
  }

  private static CodeBlock definition(FlowModel flow, FlowGraph graph, ClassName flowClass) {
    CodeBlock.Builder code = CodeBlock.builder()
        .add("return draft\n$>$>")
        .add(".maxIterations($L)\n", flow.maxIterations())
        .add(".bufferSize($L)\n", flow.bufferSize());
    for (StageModel stage : flow.stages()) {
      code.add(".stage($L)\n", stage(stage, flowClass));
    }
    for (EdgeModel edge : graph.edges()) {
      code.add(".edge($T.$L($S, $S))\n", EDGE_DEFINITION, edge.kind().name().toLowerCase(Locale.ROOT), edge.from(),
          edge.to());
    }
    for (StageModel stage : flow.stages()) {
      code.add(MiddlewareCode.middleware(flow, stage, flowClass));
    }
    return code.add(".build();\n$<$<").build();
  }

  private static CodeBlock stage(StageModel stage, ClassName flowClass) {
    StageSignature signature = stage.signature().orElseThrow(
        () -> new IllegalStateException("stage '" + stage.name() + "' has no signature but passed the rules"));
    CodeBlock.Builder code = CodeBlock.builder();
    switch (signature.kind()) {
      case SOURCE -> code.add("$T.source($S,\n$>$>$L,\n", STAGE_DEFINITION, stage.name(),
          elementType(signature.output().orElseThrow()));
      case TRANSFORM, ASYNC_TRANSFORM, STATEFUL -> code.add("$T.transform($S, $T.$L,\n$>$>$L,\n$L,\n",
          STAGE_DEFINITION, stage.name(), STAGE_KIND, signature.kind().name(),
          elementType(signature.input().orElseThrow()), elementType(signature.output().orElseThrow()));
      case JOIN -> code.add("$T.join($S,\n$>$>$L,\n$L,\n$L,\n", STAGE_DEFINITION, stage.name(),
          elementType(signature.reference().orElseThrow()), elementType(signature.input().orElseThrow()),
          elementType(signature.output().orElseThrow()));
      case SINK -> code.add("$T.sink($S,\n$>$>$L,\n", STAGE_DEFINITION, stage.name(),
          elementType(signature.input().orElseThrow()));
    }
    code.add("flow -> (($T) flow).$N()).withMethod($S)", flowClass, stage.methodName(), stage.methodName());
    if (stage.maxErrors() != StageModel.INHERIT_ERRORS) {
      long max = stage.maxErrors();
      code.add("\n.withMaxErrors($L)", max <= Integer.MAX_VALUE ? Long.toString(max) : max + "L");
    }
    return code.add("$<$<").build();
  }

  private static CodeBlock elementType(ElementTypeModel type) {
    if (classLiteral(type.typeName())) {
      return CodeBlock.of("$T.of($T.class, $S, $L)", ELEMENT_TYPE, type.typeName(), type.eventName(),
          type.eventVersion());
    }
    return CodeBlock.of("$T.of(new $T<$T>() {}, $S, $L)", ELEMENT_TYPE, TYPE_REF, type.typeName(), type.eventName(),
        type.eventVersion());
  }

  /** Whether {@code type} can be written as {@code Type.class}: a class, or an array of classes or primitives. */
  private static boolean classLiteral(TypeName type) {
    if (type instanceof ArrayTypeName array) {
      return array.componentType().isPrimitive() || classLiteral(array.componentType());
    }
    return type instanceof ClassName;
  }
}

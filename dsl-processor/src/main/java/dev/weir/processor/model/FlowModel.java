package dev.weir.processor.model;

import dev.weir.processor.diag.Location;
import java.util.List;
import java.util.Objects;

/**
 * Everything the rules and the generator know about one {@code @Flow} class.
 *
 * @param qualifiedName the flow class's canonical name
 * @param packageName its package ({@code ""} for the unnamed package)
 * @param simpleNames its simple name, after those of the classes enclosing it
 * @param flowName {@code @Flow.name}, or the class name in snake_case
 * @param explicitName whether {@code @Flow.name} was given
 * @param maxIterations {@code @Flow.maxIterations}
 * @param bufferSize {@code @Flow.bufferSize}
 * @param classFacts facts about the class's declaration
 * @param apiOnClasspath whether the stage interfaces of {@code dev.weir.api} could be found
 * @param stages the {@code @Stage} methods in declaration order
 * @param statements the parsed {@code @Flow.topology}
 * @param location the class and its {@code @Flow}
 * @param nameLocation the {@code name} value, or the annotation
 * @param maxIterationsLocation the {@code maxIterations} value, or the annotation
 * @param bufferSizeLocation the {@code bufferSize} value, or the annotation
 * @param middleware the middleware annotations on the class and its stage methods
 */
public record FlowModel(
    String qualifiedName, String packageName, List<String> simpleNames, String flowName, boolean explicitName,
    int maxIterations, int bufferSize, FlowClassFacts classFacts, boolean apiOnClasspath, List<StageModel> stages,
    List<TopologyStatement> statements, Location location, Location nameLocation, Location maxIterationsLocation,
    Location bufferSizeLocation, FlowMiddleware middleware) {

  public FlowModel {
    Objects.requireNonNull(qualifiedName, "qualifiedName");
    Objects.requireNonNull(packageName, "packageName");
    simpleNames = List.copyOf(simpleNames);
    Objects.requireNonNull(flowName, "flowName");
    Objects.requireNonNull(classFacts, "classFacts");
    stages = List.copyOf(stages);
    statements = List.copyOf(statements);
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(nameLocation, "nameLocation");
    Objects.requireNonNull(maxIterationsLocation, "maxIterationsLocation");
    Objects.requireNonNull(bufferSizeLocation, "bufferSizeLocation");
    Objects.requireNonNull(middleware, "middleware");
    if (simpleNames.isEmpty()) {
      throw new IllegalArgumentException("a flow class has a name");
    }
  }

  /** A flow model without middleware annotations; {@link #withMiddleware} adds them. */
  public FlowModel(
      String qualifiedName, String packageName, List<String> simpleNames, String flowName, boolean explicitName,
      int maxIterations, int bufferSize, FlowClassFacts classFacts, boolean apiOnClasspath, List<StageModel> stages,
      List<TopologyStatement> statements, Location location, Location nameLocation, Location maxIterationsLocation,
      Location bufferSizeLocation) {
    this(qualifiedName, packageName, simpleNames, flowName, explicitName, maxIterations, bufferSize, classFacts,
        apiOnClasspath, stages, statements, location, nameLocation, maxIterationsLocation, bufferSizeLocation,
        FlowMiddleware.none());
  }

  /** This model with {@code middleware} as its middleware annotations. */
  public FlowModel withMiddleware(FlowMiddleware middleware) {
    return new FlowModel(qualifiedName, packageName, simpleNames, flowName, explicitName, maxIterations, bufferSize,
        classFacts, apiOnClasspath, stages, statements, location, nameLocation, maxIterationsLocation,
        bufferSizeLocation, middleware);
  }

  /** The class name as messages print it: {@code Outer.Inner}, without the package. */
  public String className() {
    return String.join(".", simpleNames);
  }

  /** The simple name of the generated class: {@code FlightDelaysFlow}, {@code Outer_InnerFlow}. */
  public String generatedSimpleName() {
    return String.join("_", simpleNames) + "Flow";
  }

  /** Whether any topology statement failed to parse. */
  public boolean hasSyntaxErrors() {
    return statements.stream().anyMatch(s -> s.syntaxError().isPresent());
  }
}

package dev.weir.processor.model;

import dev.weir.processor.diag.Location;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code @Stage} method of a flow class, valid or not.
 *
 * @param name the stage's name: {@code @Stage.name} or the method's name
 * @param methodName the method's name
 * @param explicitName whether {@code @Stage.name} was given
 * @param method facts about the method's declaration
 * @param shape what its return type is
 * @param reference {@code @Stage.reference}, when given
 * @param location the method and its {@code @Stage}
 * @param nameLocation the {@code name} value, or the annotation
 * @param referenceLocation the {@code reference} value, or the annotation
 * @param maxErrors {@code @Stage.maxErrors}: {@link #INHERIT_ERRORS} when not given
 * @param maxErrorsLocation the {@code maxErrors} value, or the annotation
 */
public record StageModel(
    String name, String methodName, boolean explicitName, MethodFacts method, ReturnShape shape,
    Optional<String> reference, Location location, Location nameLocation, Location referenceLocation,
    long maxErrors, Location maxErrorsLocation) {

  /** {@code @Stage.maxErrors} for no error budget of the stage's own: the flow's applies. */
  public static final long INHERIT_ERRORS = -1;

  public StageModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(methodName, "methodName");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(nameLocation, "nameLocation");
    Objects.requireNonNull(referenceLocation, "referenceLocation");
    Objects.requireNonNull(maxErrorsLocation, "maxErrorsLocation");
  }

  /** The kind and element types, when the return type is a usable stage type. */
  public Optional<StageSignature> signature() {
    return shape instanceof ReturnShape.Recognized r ? Optional.of(r.signature()) : Optional.empty();
  }

  /** The kind, when the return type is a usable stage type. */
  public Optional<StageKind> kind() {
    return signature().map(StageSignature::kind);
  }

  /** Whether the return type is a usable stage type of {@code kind}. */
  public boolean is(StageKind kind) {
    return kind().filter(k -> k == kind).isPresent();
  }
}

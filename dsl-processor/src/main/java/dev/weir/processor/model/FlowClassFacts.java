package dev.weir.processor.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What the rules need to know about the {@code @Flow} class's declaration.
 *
 * @param kind class, record, interface, ...
 * @param inner whether it, or a class enclosing it, is an inner (non-static nested) or local class
 * @param privateClass the simple name of the first private class among it and its enclosing classes
 * @param isAbstract declared {@code abstract}
 * @param generic declares type parameters
 * @param hasNoArgConstructor has a non-private constructor without parameters
 * @param hasSettingsConstructor has a non-private constructor whose one parameter is a
 *     {@code dev.weir.flow.FlowSettings}
 */
public record FlowClassFacts(
    ClassKind kind, boolean inner, Optional<String> privateClass, boolean isAbstract, boolean generic,
    boolean hasNoArgConstructor, boolean hasSettingsConstructor) {

  public FlowClassFacts {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(privateClass, "privateClass");
  }

  /** Whether the generated class can create the flow object itself, so it offers {@code definition()}. */
  public boolean creatable() {
    return hasNoArgConstructor || hasSettingsConstructor;
  }
}

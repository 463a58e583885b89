package dev.weir.processor.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A stage's kind and element types, read from its method's return type.
 *
 * @param kind what the stage does
 * @param input what it reads; for a join, its stream input; absent for a source
 * @param reference for a join, what its reference input reads; otherwise absent
 * @param output what it emits; absent for a sink
 */
public record StageSignature(
    StageKind kind, Optional<ElementTypeModel> input, Optional<ElementTypeModel> reference,
    Optional<ElementTypeModel> output) {

  public StageSignature {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(output, "output");
  }
}

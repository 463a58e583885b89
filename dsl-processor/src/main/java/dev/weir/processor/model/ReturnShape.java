package dev.weir.processor.model;

import java.util.List;

/** What a {@code @Stage} method's return type turned out to be. */
public sealed interface ReturnShape {

  /** A stage interface with usable element types. */
  record Recognized(StageSignature signature) implements ReturnShape {}

  /** No stage interface among the type and its supertypes. */
  record NotAStageType(String returnType) implements ReturnShape {}

  /** A stage interface without type arguments. */
  record Raw(String returnType, StageKind kind) implements ReturnShape {}

  /** More than one stage interface. */
  record Ambiguous(String returnType, List<StageKind> kinds) implements ReturnShape {
    public Ambiguous {
      kinds = List.copyOf(kinds);
    }
  }

  /**
   * A stage interface whose type argument at {@code position} ({@code input}, {@code output},
   * {@code reference}, {@code stream}) cannot be an element type.
   */
  record BadElementType(String returnType, String position, String type, ElementProblem problem)
      implements ReturnShape {}
}

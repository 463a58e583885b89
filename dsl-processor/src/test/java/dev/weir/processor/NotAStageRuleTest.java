package dev.weir.processor;

import static dev.weir.processor.diag.Message.NOT_A_STAGE_AMBIGUOUS;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_GENERIC;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_INACCESSIBLE;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_PARAMETERS;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_PRIVATE;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_RAW;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_STATIC;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_TYPE;
import static dev.weir.processor.diag.Message.NOT_A_STAGE_WILDCARD;

import org.junit.jupiter.api.Test;

class NotAStageRuleTest {

  @Test
  void returnTypeNotAStageType_isReported() {
    Expect.onlyError("notastage/ReturnsList.java",
        NOT_A_STAGE_TYPE.format("numbers", "java.util.List<java.lang.Integer>"), "numbers()");
  }

  @Test
  void privateMethod_isReported() {
    Expect.onlyError("notastage/PrivateMethod.java", NOT_A_STAGE_PRIVATE.format("doubled", "PrivateMethodFlow"),
        "doubled()");
  }

  @Test
  void staticMethod_isReported() {
    Expect.onlyError("notastage/StaticMethod.java", NOT_A_STAGE_STATIC.format("doubled"), "doubled()");
  }

  @Test
  void methodWithParameters_isReported() {
    Expect.onlyError("notastage/WithParameters.java", NOT_A_STAGE_PARAMETERS.format("scaled", "WithParametersFlow"),
        "scaled(int factor)");
  }

  @Test
  void rawStageType_asksForTypeArguments() {
    Expect.onlyError("notastage/RawType.java",
        NOT_A_STAGE_RAW.format("doubled", "dev.weir.api.Transform", "Transform", "Transform<I, O>"), "doubled()");
  }

  @Test
  void genericMethod_isReported() {
    Expect.onlyError("notastage/GenericMethod.java", NOT_A_STAGE_GENERIC.format("same"), "same()");
  }

  @Test
  void extendsWildcardAsInput_isReported() {
    Expect.onlyError("notastage/Wildcard.java",
        NOT_A_STAGE_WILDCARD.format("printed", "dev.weir.api.Sink<? extends java.lang.Number>", "input",
            "? extends java.lang.Number"),
        "printed()");
  }

  @Test
  void privateElementType_cannotBeNamedByTheGeneratedClass() {
    Expect.onlyError("notastage/PrivateElementType.java",
        NOT_A_STAGE_INACCESSIBLE.format("secrets", "dev.weir.api.Source<flows.notastage.PrivateElementType.Secret>",
            "output", "flows.notastage.PrivateElementType.Secret", "flows.notastage", "PrivateElementTypeFlow"),
        "secrets()");
  }

  @Test
  void handlerImplementingTwoStageInterfaces_isAmbiguous() {
    Expect.onlyError("notastage/Ambiguous.java",
        NOT_A_STAGE_AMBIGUOUS.format("numbers", "flows.notastage.Ambiguous.Both", "Source and Sink"), "numbers()");
  }

  @Test
  void stageOutsideAFlowClass_isReported() {
    Expect.onlyError("stray/NotAFlow.java",
        dev.weir.processor.diag.Message.NOT_A_STAGE_OUTSIDE_FLOW.format("doubled", "flows.stray.NotAFlow.Helpers"),
        "doubled()");
  }

  @Test
  void unboundedWildcardAsOutput_emitsObject() {
    com.google.testing.compile.Compilation c = Expect.compiles("notastage/Unbounded.java", "flows.notastage.UnboundedFlow");
    org.assertj.core.api.Assertions.assertThat(Expect.source(c, "flows.notastage.UnboundedFlow"))
        .contains("ElementType.of(Object.class, \"Object\", 1)");
  }

  @Test
  void handlerSubtypesAndDirectionalWildcards_compile() {
    Expect.compiles("notastage/Subtypes.java", "flows.notastage.SubtypesFlow");
  }

  @Test
  void statelessTransform_isATransform() {
    com.google.testing.compile.Compilation c = Expect.compiles("notastage/Stateless.java", "flows.notastage.StatelessFlow");
    org.assertj.core.api.Assertions.assertThat(Expect.source(c, "flows.notastage.StatelessFlow"))
        .contains("StageKind.TRANSFORM")
        .contains("ElementType.of(String.class, \"String\", 1)");
  }
}

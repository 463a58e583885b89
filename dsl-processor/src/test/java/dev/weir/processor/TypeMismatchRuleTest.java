package dev.weir.processor;

import static dev.weir.processor.diag.Message.TYPE_MISMATCH;

import org.junit.jupiter.api.Test;

class TypeMismatchRuleTest {

  @Test
  void upstreamOutputNotAssignableToInput_isReported() {
    Expect.onlyError("types/WrongInput.java",
        TYPE_MISMATCH.format("words |> doubled", "words", "java.lang.String", "the input", "doubled",
            "java.lang.Integer"),
        "\"words |> doubled |> printed\"");
  }

  @Test
  void fanIn_checksEachUpstream() {
    Expect.onlyError("types/FanIn.java",
        TYPE_MISMATCH.format("words |> printed", "words", "java.lang.String", "the input", "printed",
            "java.lang.Integer"),
        "\"words |> printed\"");
  }

  @Test
  void joinStreamEdge_isCheckedAgainstTheStreamType() {
    Expect.onlyError("types/WrongStream.java",
        TYPE_MISMATCH.format("fees |> priced", "fees", "flows.types.WrongStream.Fee", "the stream input", "priced",
            "flows.types.WrongStream.Order"),
        "\"fees |> priced |> out\"");
  }

  @Test
  void joinReferenceEdge_isCheckedAgainstTheReferenceType() {
    Expect.onlyError("types/WrongReference.java",
        TYPE_MISMATCH.format("@Stage(reference = \"fees\") on priced()", "fees", "flows.types.WrongReference.Fee",
            "the reference input", "priced", "flows.types.WrongReference.Rate"),
        "@Stage(reference = \"fees\")");
  }

  @Test
  void genericsAreInvariant() {
    Expect.onlyError("types/InvariantGenerics.java",
        TYPE_MISMATCH.format("lists |> printed", "lists", "java.util.List<java.lang.Integer>", "the input", "printed",
            "java.util.List<java.lang.Number>"),
        "\"lists |> printed\"");
  }

  @Test
  void subtypesAndSupertypes_compile() {
    Expect.compiles("types/Assignable.java", "flows.types.AssignableFlow");
  }
}

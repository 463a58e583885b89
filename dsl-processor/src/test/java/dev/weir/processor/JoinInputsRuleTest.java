package dev.weir.processor;

import static dev.weir.processor.diag.Message.JOIN_HEAD_ON_NON_JOIN;
import static dev.weir.processor.diag.Message.JOIN_NO_REFERENCE;
import static dev.weir.processor.diag.Message.JOIN_NO_STREAM;
import static dev.weir.processor.diag.Message.JOIN_REFERENCE_ALSO_STREAM;
import static dev.weir.processor.diag.Message.JOIN_REFERENCE_DISAGREES;
import static dev.weir.processor.diag.Message.JOIN_SECOND_REFERENCE;
import static dev.weir.processor.diag.Message.REFERENCE_ON_NON_JOIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinInputsRuleTest {

  @Test
  void joinWithoutReference_isReported() {
    Expect.onlyError("join/NoReference.java", JOIN_NO_REFERENCE.format("priced", "priced", "priced"), "priced()");
  }

  @Test
  void joinWithoutStream_isReported() {
    Expect.onlyError("join/NoStream.java", JOIN_NO_STREAM.format("priced", "priced"), "priced()");
  }

  @Test
  void statementReferenceDisagreeingWithAnnotation_isReported() {
    Expect.onlyError("join/Disagrees.java",
        JOIN_REFERENCE_DISAGREES.format(0, "fees", "priced", "rates", "priced", "rates"),
        "\"(fees, orders) |> priced |> out\"");
  }

  @Test
  void secondReferenceInAnotherStatement_isReported() {
    Expect.onlyError("join/SecondReference.java", JOIN_SECOND_REFERENCE.format(1, "fees", "priced", 0, "rates"),
        "\"(fees, orders) |> priced\"");
  }

  @Test
  void referenceAlsoUsedAsStream_isReported() {
    Expect.onlyError("join/ReferenceAlsoStream.java",
        JOIN_REFERENCE_ALSO_STREAM.format("(rates, rates) |> priced", "rates", "priced"),
        "\"(rates, rates) |> priced |> out\"");
  }

  @Test
  void referenceOnANonJoin_isReported() {
    Expect.onlyError("join/ReferenceOnNonJoin.java",
        REFERENCE_ON_NON_JOIN.format("numbers", "doubled", "doubled", "a Transform"), "reference = \"numbers\"");
  }

  @Test
  void joinInputsIntoANonJoin_areReported() {
    Expect.onlyError("join/HeadOnNonJoin.java",
        JOIN_HEAD_ON_NON_JOIN.format(0, "numbers", "more", "doubled", "doubled", "a Transform"),
        "\"(numbers, more) |> doubled |> printed\"");
  }

  @Test
  void referenceByAnnotationByStatementOrBoth_generatesTheSameEdges() {
    List<String> expected = List.of(
        ".edge(EdgeDefinition.reference(\"rates\", \"priced\"))",
        ".edge(EdgeDefinition.forward(\"orders\", \"priced\"))",
        ".edge(EdgeDefinition.forward(\"priced\", \"out\"))");
    for (String flow : List.of("BothForms", "HeadOnly", "AnnotationOnly")) {
      Compilation c = Expect.compiles("join/" + flow + ".java", "flows.join." + flow + "Flow");
      List<String> edges = Expect.source(c, "flows.join." + flow + "Flow").lines().map(String::strip)
          .filter(l -> l.startsWith(".edge(")).toList();
      assertThat(edges).as(flow).isEqualTo(expected);
    }
  }
}

package dev.weir.processor;

import static dev.weir.processor.diag.Message.UNKNOWN_REFERENCE;
import static dev.weir.processor.diag.Message.UNKNOWN_STAGE;

import org.junit.jupiter.api.Test;

class UnknownStageRuleTest {

  @Test
  void misspelledName_suggestsTheClosestStage() {
    Expect.onlyError("unknown/Misspelled.java",
        UNKNOWN_STAGE.format(0, "dobled", "Misspelled", "; did you mean 'doubled'?"),
        "\"numbers |> dobled |> printed\"");
  }

  @Test
  void farName_listsTheStages() {
    Expect.onlyError("unknown/Stranger.java",
        UNKNOWN_STAGE.format(1, "somethingElse", "Stranger", "; its stages are numbers, doubled, printed"),
        "\"numbers |> somethingElse\"");
  }

  @Test
  void unknownReference_pointsAtTheReferenceValue() {
    Expect.onlyError("unknown/UnknownReference.java",
        UNKNOWN_REFERENCE.format("ratez", "priced", "UnknownReference", "; did you mean 'rates'?"),
        "reference = \"ratez\"");
  }

  @Test
  void knownNames_compile() {
    Expect.compiles("unknown/Spelled.java", "flows.unknown.SpelledFlow");
  }
}

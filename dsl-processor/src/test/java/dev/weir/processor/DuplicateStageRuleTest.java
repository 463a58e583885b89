package dev.weir.processor;

import static dev.weir.processor.diag.Message.DUPLICATE_STAGE;

import org.junit.jupiter.api.Test;

class DuplicateStageRuleTest {

  @Test
  void twoStagesOneName_reportsTheLaterOne() {
    Expect.onlyError("duplicate/SameName.java", DUPLICATE_STAGE.format("doubled", "doubled", "twice"),
        "@Stage(name = \"doubled\")");
  }

  @Test
  void renamedStage_compiles() {
    Expect.compiles("duplicate/Renamed.java", "flows.duplicate.RenamedFlow");
  }
}

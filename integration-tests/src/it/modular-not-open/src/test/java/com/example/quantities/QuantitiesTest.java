package com.example.quantities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantitiesTest {

  @TempDir
  Path dir;

  @Test
  void aModuleThatDoesNotOpenItsEventTypes_failsAtStartSayingWhatToAdd() throws Exception {
    Quantities.COLLECTED.clear();
    assertEquals("com.example.quantities", Quantities.class.getModule().getName());
    assertTrue(Quantities.class.getModule().getDescriptor().opens().isEmpty(), "the module opens nothing");

    try (FlowHandle handle = QuantitiesFlow.builder().journals(Journals.disk(dir)).start()) {
      FlowResult result = handle.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);

      assertEquals(FlowState.FAILED, result.state(), result::toString);
      String why = result.failure().orElseThrow().getMessage();
      assertTrue(why.contains("stage 'parse' emits com.example.quantities.Item"), why);
      assertTrue(why.contains("module com.example.quantities does not open com.example.quantities to Jackson: add"
          + " \"opens com.example.quantities to com.fasterxml.jackson.databind;\" to its module-info.java"), why);
      assertTrue(Quantities.COLLECTED.isEmpty(), "no event may flow when the start check fails");
    }
  }
}

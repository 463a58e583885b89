package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.weir.processor.diag.Message.UNCONNECTED_BOTH;
import static dev.weir.processor.diag.Message.UNCONNECTED_DEAD_END;
import static dev.weir.processor.diag.Message.UNCONNECTED_ISOLATED;
import static dev.weir.processor.diag.Message.UNCONNECTED_UNREACHED;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class UnconnectedRuleTest {

  @Test
  void stageWithNoEdges_isReportedOnItsMethod() {
    Expect.onlyError("unconnected/Isolated.java", UNCONNECTED_ISOLATED.format("tripled"), "tripled()");
  }

  @Test
  void stageNoSourceReaches_isReported() {
    Expect.onlyError("unconnected/Unreached.java", UNCONNECTED_UNREACHED.format("tripled"), "tripled()");
  }

  @Test
  void stageThatReachesNoSink_isReported() {
    Expect.onlyError("unconnected/DeadEnd.java", UNCONNECTED_DEAD_END.format("tripled"), "tripled()");
  }

  @Test
  void islandOfStages_reportsEachOnce() {
    JavaFileObject src = Flows.source("unconnected/Island.java");
    Compilation c = Flows.compile(src);
    assertThat(c).hadErrorContaining(UNCONNECTED_BOTH.format("doubled")).inFile(src).onLineContaining("doubled()");
    assertThat(c).hadErrorContaining(UNCONNECTED_BOTH.format("tripled")).inFile(src).onLineContaining("tripled()");
    assertThat(c).hadErrorCount(2);
  }

  @Test
  void everyStageBetweenSourceAndSink_compiles() {
    Expect.compiles("unconnected/Connected.java", "flows.unconnected.ConnectedFlow");
  }
}

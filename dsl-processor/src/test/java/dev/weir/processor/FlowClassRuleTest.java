package dev.weir.processor;

import static dev.weir.processor.diag.Message.FLOW_CLASS_ABSTRACT;
import static dev.weir.processor.diag.Message.FLOW_CLASS_GENERIC;
import static dev.weir.processor.diag.Message.FLOW_CLASS_INNER;
import static dev.weir.processor.diag.Message.FLOW_CLASS_KIND;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.weir.processor.diag.Message.FLOW_CLASS_FACTORY_ONLY;
import static dev.weir.processor.diag.Message.FLOW_CLASS_NO_STAGES;
import static dev.weir.processor.diag.Message.FLOW_CLASS_PRIVATE;

import org.junit.jupiter.api.Test;

class FlowClassRuleTest {

  @Test
  void privateNestedClass_isReported() {
    Expect.onlyError("flowclass/Outer.java", FLOW_CLASS_PRIVATE.format("Outer.Hidden", "Outer_HiddenFlow", "Hidden"),
        "class Hidden");
  }

  @Test
  void innerClass_isReported() {
    Expect.onlyError("flowclass/InnerOuter.java", FLOW_CLASS_INNER.format("InnerOuter.Inner"), "class Inner {");
  }

  @Test
  void abstractClass_isReported() {
    Expect.onlyError("flowclass/AbstractFlow.java",
        FLOW_CLASS_ABSTRACT.format("AbstractFlow", "AbstractFlowFlow", "AbstractFlow"), "abstract class AbstractFlow");
  }

  @Test
  void interface_isReported() {
    Expect.onlyError("flowclass/InterfaceFlow.java", FLOW_CLASS_KIND.format("InterfaceFlow", "an interface"),
        "interface InterfaceFlow");
  }

  @Test
  void enum_isReported() {
    Expect.onlyError("flowclass/EnumFlow.java", FLOW_CLASS_KIND.format("EnumFlow", "an enum"), "enum EnumFlow");
  }

  @Test
  void noUsableConstructor_isANote_andOnlyTheSupplierDefinitionIsGenerated() {
    com.google.testing.compile.Compilation c = Flows.compile("flowclass/NeedsArgument.java");
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).hadNoteContaining(FLOW_CLASS_FACTORY_ONLY.format("NeedsArgument", "NeedsArgumentFlow",
        "NeedsArgument")).inFile(Flows.source("flowclass/NeedsArgument.java")).onLineContaining("class NeedsArgument");
    org.assertj.core.api.Assertions.assertThat(Expect.source(c, "flows.flowclass.NeedsArgumentFlow"))
        .contains("public static FlowDefinition definition(Supplier<? extends NeedsArgument> factory) {")
        .doesNotContain("definition() {").doesNotContain("builder() {");
  }

  @Test
  void genericClass_isReported() {
    Expect.onlyError("flowclass/GenericFlow.java", FLOW_CLASS_GENERIC.format("GenericFlow"), "class GenericFlow");
  }

  @Test
  void classWithoutStages_isReported() {
    Expect.onlyError("flowclass/NoStages.java", FLOW_CLASS_NO_STAGES.format("NoStages"), "class NoStages");
  }

  @Test
  void staticNestedClassWithPackagePrivateConstructor_compiles() {
    Expect.compiles("flowclass/Container.java", "flows.flowclass.Container_NestedFlow");
  }
}

package dev.weir.processor;

import static dev.weir.processor.diag.Message.FLOW_CLASS_ABSTRACT;
import static dev.weir.processor.diag.Message.FLOW_CLASS_GENERIC;
import static dev.weir.processor.diag.Message.FLOW_CLASS_INNER;
import static dev.weir.processor.diag.Message.FLOW_CLASS_KIND;
import static dev.weir.processor.diag.Message.FLOW_CLASS_NO_CONSTRUCTOR;
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
  void noNoArgConstructor_isReported() {
    Expect.onlyError("flowclass/NeedsArgument.java",
        FLOW_CLASS_NO_CONSTRUCTOR.format("NeedsArgument", "NeedsArgumentFlow", "NeedsArgument"),
        "class NeedsArgument");
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

package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.weir.processor.diag.Message.FLOW_CLASS_FACTORY_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * A flow class's constructors decide what the generated class offers: {@code definition()} when it
 * has one taking a {@code FlowSettings} (preferred) or none; always {@code definition(Supplier)},
 * for any constructor; without either, only that and a note saying so.
 */
class SettingsConstructorTest {

  /** Runs {@code definition} with {@code settings} in memory; returns what {@code scaled} emitted. */
  private static List<Object> scaled(FlowDefinition definition, FlowSettings settings) throws Exception {
    FlowHandle h = definition.builder().journals(Journals.memory()).settings(settings).start();
    FlowResult r = h.await();
    assertThat(r.state()).as("%s", r).isEqualTo(FlowState.COMPLETED);
    return h.journals().data("scaled").readAll(RecordKind.DATA).stream().map(JournalRecord::payload).toList();
  }

  private static FlowDefinition call(CompiledClasses classes, String generated, Supplier<?> factory)
      throws Exception {
    return (FlowDefinition) classes.loadClass(generated).getMethod("definition", Supplier.class).invoke(null, factory);
  }

  private static List<String> publicMethods(CompiledClasses classes, String generated) throws Exception {
    return Arrays.stream(classes.loadClass(generated).getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(m -> m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList())
        .sorted().toList();
  }

  @Test
  void aSettingsConstructor_isAccepted_andEachRunPassesItsSettings() throws Exception {
    Compilation c = Expect.compiles("settings/WithSettings.java", "flows.settings.WithSettingsFlow");
    assertThat(Expect.source(c, "flows.settings.WithSettingsFlow"))
        .contains("return stages(FlowDefinition.define(\"with_settings\", settings -> new WithSettings(settings)));");
    CompiledClasses classes = new CompiledClasses(c);
    assertThat(publicMethods(classes, "flows.settings.WithSettingsFlow"))
        .containsExactly("builder[]", "definition[Supplier]", "definition[]");

    FlowDefinition one = classes.definition("flows.settings.WithSettingsFlow");

    assertThat(scaled(one, FlowSettings.empty())).containsExactly(2, 4, 6);
    assertThat(scaled(one, FlowSettings.of(Map.of("factor", "5", "count", "4")))).containsExactly(5, 10, 15, 20);
    assertThat(scaled(one, FlowSettings.empty().with("factor", "-1"))).as("the same definition, other settings")
        .containsExactly(-1, -2, -3);
  }

  @Test
  void aSettingsConstructor_isPreferredToTheOthers() throws Exception {
    Compilation c = Expect.compiles("settings/BothConstructors.java", "flows.settings.BothConstructorsFlow");
    assertThat(Expect.source(c, "flows.settings.BothConstructorsFlow"))
        .contains("settings -> new BothConstructors(settings)").doesNotContain("BothConstructors::new");
    CompiledClasses classes = new CompiledClasses(c);
    FlowDefinition d = classes.definition("flows.settings.BothConstructorsFlow");

    assertThat(scaled(d, FlowSettings.empty())).containsExactly(10, 20, 30);
    assertThat(scaled(d, FlowSettings.empty().with("factor", "3"))).containsExactly(3, 6, 9);
  }

  @Test
  void theSupplierDefinition_takesAnObjectBuiltWithAnyConstructor() throws Exception {
    Compilation c = Expect.compiles("settings/ManyConstructors.java", "flows.settings.ManyConstructorsFlow");
    assertThat(Expect.source(c, "flows.settings.ManyConstructorsFlow"))
        .contains("return definition(ManyConstructors::new);")
        .contains("public static FlowDefinition definition(Supplier<? extends ManyConstructors> factory) {");
    CompiledClasses classes = new CompiledClasses(c);
    Class<?> flowClass = classes.loadClass("flows.settings.ManyConstructors");
    var twoArguments = flowClass.getDeclaredConstructor(String.class, int.class);
    twoArguments.setAccessible(true);

    FlowDefinition supplied = call(classes, "flows.settings.ManyConstructorsFlow", () -> {
      try {
        return twoArguments.newInstance("7", 0);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    });

    assertThat(scaled(supplied, FlowSettings.empty())).containsExactly(7, 14, 21);
    assertThat(scaled(classes.definition("flows.settings.ManyConstructorsFlow"), FlowSettings.empty()))
        .as("definition() with the no-argument constructor").containsExactly(1, 2, 3);
  }

  @Test
  void theGeneratedMethods_compileWhenCalledAsAUserWould() {
    Compilation c = Flows.compile("settings/Uses.java", "settings/WithSettings.java", "settings/BothConstructors.java",
        "settings/ManyConstructors.java", "settings/NeedsDependency.java");
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void withoutAUsableConstructor_onlyTheSupplierDefinitionIsGenerated_withANote() throws Exception {
    Compilation c = Flows.compile("settings/NeedsDependency.java");
    assertThat(c).succeededWithoutWarnings();
    String note = FLOW_CLASS_FACTORY_ONLY.format("NeedsDependency", "NeedsDependencyFlow", "NeedsDependency");
    assertThat(c).hadNoteContaining(note).inFile(Flows.source("settings/NeedsDependency.java"))
        .onLineContaining("public class NeedsDependency");
    assertThat(note).isEqualTo("[WEIR-FLOW-CLASS] @Flow class NeedsDependency has no non-private constructor without"
        + " parameters or taking a FlowSettings, so the generated NeedsDependencyFlow has only"
        + " definition(Supplier<NeedsDependency>), to which you pass what creates the flow object (your code, a DI"
        + " container), and no definition() or builder(); add such a constructor for those");
    assertThat(FLOW_CLASS_FACTORY_ONLY.kind()).isEqualTo(Diagnostic.Kind.NOTE);
    String source = Expect.source(c, "flows.settings.NeedsDependencyFlow");
    assertThat(source).contains("so there is no {@code definition()} or {@code builder()}")
        .doesNotContain("definition() {").doesNotContain("builder() {");
    CompiledClasses classes = new CompiledClasses(c);
    assertThat(publicMethods(classes, "flows.settings.NeedsDependencyFlow")).containsExactly("definition[Supplier]");

    Class<?> scale = classes.loadClass("flows.settings.NeedsDependency$Scale");
    Object three = scale.getDeclaredConstructor(int.class).newInstance(3);
    var constructor = classes.loadClass("flows.settings.NeedsDependency").getDeclaredConstructor(scale);
    FlowDefinition d = call(classes, "flows.settings.NeedsDependencyFlow", () -> {
      try {
        return constructor.newInstance(three);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(d.name()).isEqualTo("needs_dependency");
    assertThat(scaled(d, FlowSettings.empty())).containsExactly(3, 6, 9);
  }

  @Test
  void callingTheMissingDefinition_isACompileErrorAtTheCall() {
    Compilation c = Flows.compile("settings/NeedsDependency.java", "settings/CallsMissingDefinition.java");
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("definition").inFile(Flows.source("settings/CallsMissingDefinition.java"))
        .onLineContaining("NeedsDependencyFlow.definition()");
    assertThat(Expect.errors(c)).noneMatch(e -> e.contains("[WEIR-"));
  }

  @Test
  void privateAndVarargsSettingsConstructors_doNotCount() throws Exception {
    Compilation c = Flows.compile("settings/PrivateSettingsConstructor.java");
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).hadNoteContaining(FLOW_CLASS_FACTORY_ONLY.format("PrivateSettingsConstructor",
        "PrivateSettingsConstructorFlow", "PrivateSettingsConstructor"));
    assertThat(publicMethods(new CompiledClasses(c), "flows.settings.PrivateSettingsConstructorFlow"))
        .containsExactly("definition[Supplier]");
  }

  @Test
  void aClassWithTheUsualConstructors_getsNoNote() {
    Compilation c = Flows.compile("settings/WithSettings.java", "settings/ManyConstructors.java");
    assertThat(c).succeeded();
    assertThat(c.notes().stream().map(d -> d.getMessage(null)).filter(m -> m.contains("[WEIR-"))).isEmpty();
  }
}

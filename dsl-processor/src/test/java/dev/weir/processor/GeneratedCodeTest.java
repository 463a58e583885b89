package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.weir.api.AsyncTransform;
import dev.weir.api.Join;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compiles flows, loads the generated classes and runs what they return. */
class GeneratedCodeTest {

  private static CompiledClasses golden;

  @BeforeAll
  static void compileGolden() {
    Compilation c = Flows.compile("golden/FlightDelays.java", "golden/FlightRecord.java", "golden/Carrier.java",
        "golden/EnrichedFlight.java", "golden/CarrierStats.java");
    assertThat(c).succeededWithoutWarnings();
    golden = new CompiledClasses(c);
  }

  @Test
  void definition_listsStagesInDeclarationOrderWithKinds() throws Exception {
    FlowDefinition d = golden.definition("flows.golden.FlightDelaysFlow");
    assertThat(d.name()).isEqualTo("flight_delays");
    assertThat(d.maxIterations()).isEqualTo(5);
    assertThat(d.bufferSize()).isEqualTo(256);
    assertThat(d.stages()).extracting(StageDefinition::name).containsExactly(
        "carriers", "flights", "validate", "repair", "enrich", "perCarrier", "tags", "report", "tagLog");
    assertThat(d.stages()).extracting(StageDefinition::kind).containsExactly(
        StageKind.SOURCE, StageKind.SOURCE, StageKind.TRANSFORM, StageKind.TRANSFORM, StageKind.JOIN,
        StageKind.STATEFUL, StageKind.ASYNC_TRANSFORM, StageKind.SINK, StageKind.SINK);
    assertThat(d.stage("tagLog").orElseThrow().method()).isEqualTo("logTags");
    assertThat(d.stage("validate").orElseThrow().method()).isEqualTo("validate");
  }

  @Test
  void definition_carriesElementTypesAndEventNames() throws Exception {
    FlowDefinition d = golden.definition("flows.golden.FlightDelaysFlow");
    Class<?> flightRecord = golden.loadClass("flows.golden.FlightRecord");
    Class<?> carrier = golden.loadClass("flows.golden.Carrier");
    Class<?> enriched = golden.loadClass("flows.golden.EnrichedFlight");

    StageDefinition flights = d.stage("flights").orElseThrow();
    assertThat(flights.input()).isSameAs(ElementType.NONE);
    assertThat(flights.output()).isEqualTo(ElementType.of(flightRecord, "flight.record", 2));

    StageDefinition enrich = d.stage("enrich").orElseThrow();
    assertThat(enrich.reference()).isEqualTo(ElementType.of(carrier, "Carrier", 1));
    assertThat(enrich.input()).isEqualTo(ElementType.of(flightRecord, "flight.record", 2));
    assertThat(enrich.output()).isEqualTo(ElementType.of(enriched, "flight.enriched", 1));

    ElementType tags = d.stage("tags").orElseThrow().output();
    assertThat(tags.type()).isInstanceOf(ParameterizedType.class);
    assertThat(tags.typeName()).isEqualTo("java.util.List<java.lang.String>");
    assertThat(tags.rawType()).isEqualTo(List.class);
    assertThat(tags.eventName()).isEqualTo("List");
    assertThat(d.stage("tagLog").orElseThrow().input().type()).isEqualTo(tags.type());
    assertThat(d.stage("report").orElseThrow().output()).isSameAs(ElementType.NONE);
  }

  @Test
  void definition_listsEdgesInStatementOrder() throws Exception {
    FlowDefinition d = golden.definition("flows.golden.FlightDelaysFlow");
    assertThat(d.edges()).containsExactly(
        EdgeDefinition.forward("flights", "validate"),
        EdgeDefinition.reference("carriers", "enrich"),
        EdgeDefinition.forward("validate", "enrich"),
        EdgeDefinition.forward("enrich", "perCarrier"),
        EdgeDefinition.forward("perCarrier", "report"),
        EdgeDefinition.forward("validate", "repair"),
        EdgeDefinition.backflow("repair", "validate"),
        EdgeDefinition.forward("enrich", "tags"),
        EdgeDefinition.forward("tags", "tagLog"));
  }

  @Test
  void stageFactories_returnTheUsersHandlers() throws Exception {
    FlowDefinition d = golden.definition("flows.golden.FlightDelaysFlow");
    Object flow = d.newFlowInstance();
    assertThat(flow.getClass().getName()).isEqualTo("flows.golden.FlightDelays");
    assertThat(d.newFlowInstance()).isNotSameAs(flow);

    Source<Object> flights = handler(d, "flights", flow);
    List<Object> records = new ArrayList<>();
    while (flights.next(records::add)) {
      // drain the source
    }
    assertThat(records).extracting(Object::toString).containsExactly(
        "FlightRecord[carrier=AA, delayMinutes=10]", "FlightRecord[carrier=UA, delayMinutes=-3]");

    Transform<Object, Object> validate = handler(d, "validate", flow);
    List<Object> valid = new ArrayList<>();
    for (Object r : records) {
      validate.process(r, valid::add);
    }
    assertThat(valid).containsExactly(records.get(0));

    Transform<Object, Object> repair = handler(d, "repair", flow);
    List<Object> repaired = new ArrayList<>();
    repair.process(records.get(1), repaired::add);
    assertThat(repaired).extracting(Object::toString).containsExactly("FlightRecord[carrier=UA, delayMinutes=3]");

    Source<Object> carriers = handler(d, "carriers", flow);
    List<Object> carrierList = new ArrayList<>();
    while (carriers.next(carrierList::add)) {
      // drain the source
    }
    Join<Object, Object, Object> enrich = handler(d, "enrich", flow);
    assertThat(enrich.referenceKey(carrierList.get(0))).isEqualTo("AA");
    assertThat(enrich.streamKey(records.get(0))).isEqualTo("AA");
    Object enriched = enrich.combine(Optional.of(carrierList.get(0)), records.get(0));
    assertThat(enriched.toString()).isEqualTo("EnrichedFlight[carrier=AA, carrierName=American, delayMinutes=10]");

    Stateful<Object, Object, Object> perCarrier = handler(d, "perCarrier", flow);
    Object state = perCarrier.accumulate(perCarrier.initial(), enriched);
    List<Object> stats = new ArrayList<>();
    perCarrier.emit(state, stats::add);
    assertThat(stats).extracting(Object::toString).containsExactly("CarrierStats[carrier=AA, flights=1, delayMinutes=10]");

    AsyncTransform<Object, Object> tags = handler(d, "tags", flow);
    assertThat(tags.apply(enriched).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(List.of("AA", "American"));

    assertThat((Object) handler(d, "report", flow)).isInstanceOf(Sink.class);
    assertThat((Object) handler(d, "tagLog", flow)).isInstanceOf(Sink.class);
  }

  @Test
  void builder_isTheDefinitionsBuilder() throws Exception {
    Object builder = golden.loadClass("flows.golden.FlightDelaysFlow").getMethod("builder").invoke(null);
    assertThat(builder).isInstanceOf(FlowBuilder.class);
  }

  @Test
  void generatedClass_isFinalWithPrivateConstructor() throws Exception {
    Class<?> generated = golden.loadClass("flows.golden.FlightDelaysFlow");
    assertThat(java.lang.reflect.Modifier.isFinal(generated.getModifiers())).isTrue();
    assertThat(java.lang.reflect.Modifier.isPublic(generated.getModifiers())).isTrue();
    assertThat(generated.getDeclaredConstructors()).hasSize(1);
    assertThat(java.lang.reflect.Modifier.isPrivate(generated.getDeclaredConstructors()[0].getModifiers())).isTrue();
  }

  @Test
  void handlerSubtypes_resolveTheirTypeArgumentsAndRun() throws Exception {
    CompiledClasses classes = new CompiledClasses(
        Expect.compiles("notastage/Subtypes.java", "flows.notastage.SubtypesFlow"));
    FlowDefinition d = classes.definition("flows.notastage.SubtypesFlow");
    assertThat(d.stages()).extracting(StageDefinition::kind).containsExactly(
        StageKind.SOURCE, StageKind.TRANSFORM, StageKind.TRANSFORM, StageKind.SINK);
    for (StageDefinition s : d.stages()) {
      ElementType integer = ElementType.of(Integer.class, "Integer", 1);
      if (s.kind() != StageKind.SOURCE) {
        assertThat(s.input()).as(s.name()).isEqualTo(integer);
      }
      if (s.kind() != StageKind.SINK) {
        assertThat(s.output()).as(s.name()).isEqualTo(integer);
      }
    }
    Object flow = d.newFlowInstance();
    Transform<Object, Object> doubled = handler(d, "doubled", flow);
    List<Object> out = new ArrayList<>();
    doubled.process(21, out::add);
    assertThat(out).containsExactly(42);
    Sink<Object> printed = handler(d, "printed", flow);
    printed.consume(7);
    java.lang.reflect.Field field = classes.loadClass("flows.notastage.Subtypes").getDeclaredField("SEEN");
    field.setAccessible(true);
    @SuppressWarnings("unchecked")
    List<Object> seen = (List<Object>) field.get(null);
    assertThat(seen).containsExactly(7);
  }

  @Test
  void legalLoop_hasItsBackflowEdge() throws Exception {
    FlowDefinition d = new CompiledClasses(Expect.compiles("cycle/LegalLoop.java", "flows.cycle.LegalLoopFlow"))
        .definition("flows.cycle.LegalLoopFlow");
    assertThat(d.name()).isEqualTo("legal_loop");
    assertThat(d.stage("c").orElseThrow().kind()).isEqualTo(StageKind.TRANSFORM);
    assertThat(d.edges()).containsExactly(
        EdgeDefinition.forward("a", "b"),
        EdgeDefinition.forward("b", "c"),
        EdgeDefinition.forward("c", "d"),
        EdgeDefinition.backflow("c", "b"));
  }

  @Test
  void joinReferenceForms_defineTheSameEdges() throws Exception {
    for (String flow : List.of("BothForms", "HeadOnly", "AnnotationOnly")) {
      String generated = "flows.join." + flow + "Flow";
      FlowDefinition d = new CompiledClasses(Expect.compiles("join/" + flow + ".java", generated)).definition(generated);
      assertThat(d.edges()).as(flow).containsExactly(
          EdgeDefinition.reference("rates", "priced"),
          EdgeDefinition.forward("orders", "priced"),
          EdgeDefinition.forward("priced", "out"));
      assertThat(d.stage("priced").orElseThrow().reference().eventName()).isEqualTo("Rate");
    }
  }

  @Test
  void staticNestedFlow_isCreatedThroughItsNoArgConstructor() throws Exception {
    FlowDefinition d = new CompiledClasses(
        Expect.compiles("flowclass/Container.java", "flows.flowclass.Container_NestedFlow"))
        .definition("flows.flowclass.Container_NestedFlow");
    assertThat(d.name()).isEqualTo("nested");
    Object flow = d.newFlowInstance();
    assertThat(flow.getClass().getName()).isEqualTo("flows.flowclass.Container$Nested");
    Transform<Object, Object> doubled = handler(d, "doubled", flow);
    List<Object> out = new ArrayList<>();
    doubled.process(2, out::add);
    assertThat(out).containsExactly(6);
  }

  @Test
  void flowValues_reachTheDefinition() throws Exception {
    FlowDefinition d = new CompiledClasses(
        Expect.compiles("config/CustomConfig.java", "flows.config.CustomConfigFlow"))
        .definition("flows.config.CustomConfigFlow");
    assertThat(Map.of("name", d.name(), "maxIterations", d.maxIterations(), "bufferSize", d.bufferSize()))
        .isEqualTo(Map.of("name", "custom-flow.v2", "maxIterations", 1, "bufferSize", 2));
  }

  @Test
  void flowInTheUnnamedPackage_generatesBesideIt() throws Exception {
    Compilation c = Flows.compile(com.google.testing.compile.JavaFileObjects.forSourceString("Bare", """
        import dev.weir.api.*;
        import dev.weir.dsl.*;

        @Flow(topology = "numbers |> printed")
        class Bare {
          @Stage Source<Integer> numbers() { return Sources.of(1); }
          @Stage Sink<Integer> printed() { return Sinks.discard(); }
        }
        """));
    assertThat(c).succeededWithoutWarnings();
    FlowDefinition d = new CompiledClasses(c).definition("BareFlow");
    assertThat(d.name()).isEqualTo("bare");
    assertThat(d.edges()).containsExactly(EdgeDefinition.forward("numbers", "printed"));
  }

  @SuppressWarnings("unchecked")
  private static <T> T handler(FlowDefinition d, String stage, Object flow) throws Exception {
    return (T) d.stage(stage).orElseThrow().factory().create(flow);
  }
}

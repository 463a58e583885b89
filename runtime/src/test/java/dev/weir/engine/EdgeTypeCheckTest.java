package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Joins;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A hand-built definition whose edge types do not fit is refused at start. */
class EdgeTypeCheckTest {

  private static final ElementType TEXT = ElementType.of(String.class);
  private static final ElementType INT = ElementType.of(Integer.class);
  private static final ElementType NUMBER = ElementType.of(Number.class);

  @Test
  void stringIntoInteger_isRefusedNamingTheEdgeAndBothTypes() throws Exception {
    AtomicLong consumed = new AtomicLong();
    Transform<Integer, Integer> doubler = (x, out) -> out.emit(x * 2);
    FlowHandle h = FlowDefinition.define("mistyped")
        .stage(StageDefinition.source("words", TEXT, f -> Sources.of("a", "b")))
        .stage(StageDefinition.transform("double", StageKind.TRANSFORM, INT, INT, f -> doubler))
        .stage(StageDefinition.sink("out", INT, f -> (dev.weir.api.Sink<Integer>) x -> consumed.incrementAndGet()))
        .chain("words", "double", "out")
        .build()
        .builder().journals(Journals.memory()).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("edge words |> double", "java.lang.String", "java.lang.Integer")
        .doesNotContain("double |> out");
    assertThat(consumed.get()).isZero();
  }

  @Test
  void subtypeIntoSupertype_isAccepted() throws Exception {
    FlowResult r = FlowDefinition.define("widening")
        .stage(StageDefinition.source("ints", INT, f -> Sources.of(1, 2, 3)))
        .stage(StageDefinition.sink("out", NUMBER, f -> (dev.weir.api.Sink<Number>) x -> {}))
        .chain("ints", "out")
        .build()
        .builder().journals(Journals.memory()).start().await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
  }

  @Test
  void joinEdges_areCheckedAgainstTheReferenceAndStreamTypes() throws Exception {
    FlowResult r = FlowDefinition.define("mistyped-join")
        .stage(StageDefinition.source("refs", INT, f -> Sources.of(1, 2)))
        .stage(StageDefinition.source("events", INT, f -> Sources.of(1, 2)))
        .stage(StageDefinition.join("enrich", TEXT, INT, TEXT,
            f -> Joins.inner((String s) -> s, (Integer i) -> String.valueOf(i), (String a, Integer b) -> a + b)))
        .stage(StageDefinition.sink("out", TEXT, f -> (dev.weir.api.Sink<String>) x -> {}))
        .edge(EdgeDefinition.reference("refs", "enrich"))
        .edge(EdgeDefinition.forward("events", "enrich"))
        .edge(EdgeDefinition.forward("enrich", "out"))
        .build()
        .builder().journals(Journals.memory()).start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("edge refs =ref=> enrich", "as its reference", "java.lang.Integer", "java.lang.String")
        .doesNotContain("events |> enrich");
  }
}

package dev.weir.engine;

import static dev.weir.engine.Flows.LONG;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.Join;
import dev.weir.api.Joins;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.flow.DeadLetter;
import dev.weir.event.SystemEvent;
import dev.weir.flow.RecordKind;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.JournalRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Null states and null join keys. */
class NullStateAndKeyTest {

  record Ref(Long id, String name) {}

  record Sale(long saleId, Long ref) {}

  private static final ElementType REF = ElementType.of(Ref.class);
  private static final ElementType SALE = ElementType.of(Sale.class);
  private static final ElementType TEXT = ElementType.of(String.class);

  /** Sums its inputs; {@code accumulate} returns null for 3, {@code initial} returns null when told. */
  private static Stateful<Long, Long, Long> sum(boolean nullInitial) {
    return new Stateful<>() {
      @Override
      public Long initial() {
        return nullInitial ? null : 0L;
      }

      @Override
      public Long accumulate(Long state, Long in) {
        return in == 3 ? null : state + in;
      }

      @Override
      public void emit(Long state, Emitter<Long> out) {
        out.emit(state);
      }
    };
  }

  private static FlowHandle runStateful(String name, Stateful<Long, Long, Long> stateful, List<Long> seen) {
    return flow(name)
        .stage(source("src", Sources.range(10, i -> i + 1)))
        .stage(StageDefinition.transform("total", StageKind.STATEFUL, LONG, LONG, f -> stateful))
        .stage(sink("out", seen::add))
        .chain("src", "total", "out")
        .build()
        .builder().journals(Journals.memory()).start();
  }

  @Test
  void accumulateReturningNull_deadLettersThatInput_andKeepsThePreviousState() throws Exception {
    List<Long> seen = new CopyOnWriteArrayList<>();
    FlowHandle h = runStateful("nullstate", sum(false), seen);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(seen).containsExactly(55L - 3);
    List<JournalRecord> letters = h.journals().errors("total").readAll(RecordKind.ERROR);
    assertThat(letters).hasSize(1);
    DeadLetter letter = (DeadLetter) letters.get(0).payload();
    assertThat(letter.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(letter.message()).contains("'total'", "accumulate returned null", "seq 3");
    assertThat(letter.input()).isEqualTo(3L);
  }

  @Test
  void initialReturningNull_failsTheFlowNamingStageAndInitial() throws Exception {
    FlowResult r = runStateful("nullinitial", sum(true), new CopyOnWriteArrayList<>()).await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("'total'", "initial()", "null");
  }

  private static FlowHandle runJoin(String name, Join<Ref, Sale, String> join, List<String> seen) {
    Ref[] refs = {new Ref(1L, "one"), new Ref(null, "nobody"), new Ref(2L, "two")};
    Sale[] sales = {new Sale(10, 1L), new Sale(11, null), new Sale(12, 2L), new Sale(13, 3L)};
    return flow(name)
        .stage(StageDefinition.source("refs", REF, f -> Sources.of(refs)))
        .stage(StageDefinition.source("sales", SALE, f -> Sources.of(sales)))
        .stage(StageDefinition.join("enrich", REF, SALE, TEXT, f -> join))
        .stage(StageDefinition.sink("out", TEXT, f -> (dev.weir.api.Sink<String>) seen::add))
        .edge(EdgeDefinition.reference("refs", "enrich"))
        .edge(EdgeDefinition.forward("sales", "enrich"))
        .edge(EdgeDefinition.forward("enrich", "out"))
        .build()
        .builder().journals(Journals.memory()).start();
  }

  private static String completedDetail(FlowHandle h, String stage) {
    return h.journals().system().readAll().stream()
        .map(rec -> (SystemEvent) rec.payload())
        .filter(e -> e.type() == SystemEvent.Type.STAGE_COMPLETED && e.subject().equals(stage))
        .map(SystemEvent::detail)
        .findFirst().orElseThrow();
  }

  @Test
  void innerJoin_nullKeysNeverMatch() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    FlowHandle h = runJoin("nullinner", Joins.inner(Ref::id, Sale::ref, (ref, s) -> s.saleId() + ":" + ref.name()),
        seen);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(seen).containsExactly("10:one", "12:two");
    assertThat(completedDetail(h, "enrich")).contains("1 reference events had a null key");
  }

  @Test
  void leftJoin_nullStreamKeyIsEmittedWithAnAbsentReference() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    FlowHandle h = runJoin("nullleft", Joins.left(Ref::id, Sale::ref,
        (Optional<Ref> ref, Sale s) -> s.saleId() + ":" + ref.map(Ref::name).orElse("-")), seen);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(seen).containsExactly("10:one", "11:-", "12:two", "13:-");
    assertThat(completedDetail(h, "enrich")).contains("null key");
  }
}

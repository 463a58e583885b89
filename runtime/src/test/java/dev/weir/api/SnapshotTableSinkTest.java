package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Sinks#snapshotTable}: redrawn in place on a terminal, plain snapshots into a file or pipe. */
class SnapshotTableSinkTest {

  public record Total(String region, long sum) {
    static Total empty() {
      return new Total("", 0);
    }

    Total add(Sale s) {
      return new Total(s.region(), sum + s.amount());
    }
  }

  public record Sale(String region, long amount) {}

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Two batches: north and south, then north again. */
  private void twoBatches(Sink<Total> sink) throws Exception {
    sink.consume(new Total("north", 5));
    sink.consume(new Total("south", 7));
    sink.flush();
    sink.consume(new Total("north", 12));
    sink.flush();
    sink.flush(); // nothing changed: nothing drawn
  }

  @Test
  void onATerminal_theTableIsRedrawnInPlace() throws Exception {
    twoBatches(Sinks.snapshotTable(out, true, Total::region));
    String first = "snapshot 1: 2 keys\nregion  sum\n------  ---\nnorth     5\nsouth     7\n";
    String second = "snapshot 2: 2 keys\nregion  sum\n------  ---\nnorth    12\nsouth     7\n";
    // back up over the 5 lines drawn, to the line's start, erase to the end of the screen, draw again
    assertThat(printed()).isEqualTo(first + "\u001b[5A\r\u001b[J" + second);
  }

  @Test
  void notOnATerminal_eachSnapshotIsPrintedPlainly_noEscapeCodes() throws Exception {
    twoBatches(Sinks.snapshotTable(out, false, Total::region));
    assertThat(printed()).isEqualTo("snapshot 1: 2 keys\nregion  sum\n------  ---\nnorth     5\nsouth     7\n"
        + "\nsnapshot 2: 2 keys\nregion  sum\n------  ---\nnorth    12\nsouth     7\n").doesNotContain("\u001b");
  }

  @Test
  void aNullKey_isAValidationErrorNamingTheItem() throws Exception {
    Sink<Total> sink = Sinks.snapshotTable(out, false, t -> null);
    try {
      sink.consume(new Total("north", 1));
      throw new AssertionError("a null key was taken");
    } catch (StageException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION);
      assertThat(e.getMessage()).isEqualTo("the snapshot table's key function gave null for Total[region=north, sum=1]");
    }
  }

  @Test
  void inAFlow_aGroupByWithAlways_endsWithTheFinalTable() throws Exception {
    ElementType sales = ElementType.of(Sale.class);
    ElementType totals = ElementType.of(Total.class);
    List<Sale> in = List.of(new Sale("north", 5), new Sale("south", 7), new Sale("north", 7), new Sale("east", 1));
    FlowDefinition def = FlowDefinition.define("snapshots")
        .stage(StageDefinition.source("in", sales, f -> Sources.of(in)))
        .stage(StageDefinition.transform("totals", StageKind.STATEFUL, sales, totals,
            f -> Aggregations.groupBy(Sale::region, Total::empty, Total::add).emitting(EmitPolicy.always().thenKeep())))
        .stage(StageDefinition.sink("table", totals, f -> Sinks.snapshotTable(out, false, Total::region)))
        .edge(EdgeDefinition.forward("in", "totals"))
        .edge(EdgeDefinition.forward("totals", "table"))
        .build();
    FlowHandle h = def.builder().journals(Journals.memory()).start();
    FlowResult result = h.await(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("run did not end"));
    assertThat(result.state()).as(result.toString()).isEqualTo(FlowState.COMPLETED);
    String text = printed();
    assertThat(text).doesNotContain("\u001b");
    String last = text.substring(text.lastIndexOf("snapshot "));
    assertThat(last).endsWith(": 3 keys\nregion  sum\n------  ---\nnorth    12\nsouth     7\neast      1\n");
  }
}

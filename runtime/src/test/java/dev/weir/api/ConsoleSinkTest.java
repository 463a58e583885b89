package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weir.flow.FlowState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Sinks#print(PrintStream, Format)} in real flows, and the table's layout across batches. */
class ConsoleSinkTest {

  public record Sale(String region, long amount, LocalDate day, List<String> tags) {}

  private static final List<Sale> SALES = List.of(
      new Sale("north", 1200, LocalDate.of(2026, 3, 1), List.of("a")),
      new Sale("far south\teast", 7, null, List.of()),
      new Sale("x", -35, LocalDate.of(2026, 3, 2), List.of("b", "c")));

  private static String printed(Format format) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
    ConnectorFlows.Outcome o = ConnectorFlows.run(Sale.class, Sources.of(SALES), Sinks.print(out, format));
    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(o.result().stage("sink").emitted()).as("receipts").isEqualTo(SALES.size());
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void json_isOneCompactLinePerItem() throws Exception {
    assertThat(printed(Format.JSON)).isEqualTo(String.join("\n",
        "{\"region\":\"north\",\"amount\":1200,\"day\":\"2026-03-01\",\"tags\":[\"a\"]}",
        "{\"region\":\"far south\\teast\",\"amount\":7,\"day\":null,\"tags\":[]}",
        "{\"region\":\"x\",\"amount\":-35,\"day\":\"2026-03-02\",\"tags\":[\"b\",\"c\"]}") + "\n");
  }

  @Test
  void jsonPretty_indentsEachItem() throws Exception {
    String text = printed(Format.JSON_PRETTY).replace(System.lineSeparator(), "\n");
    assertThat(text).startsWith("{\n  \"region\" : \"north\",\n  \"amount\" : 1200,\n  \"day\" : \"2026-03-01\",\n"
        + "  \"tags\" : [ \"a\" ]\n}\n{\n  \"region\" : \"far south\\teast\",");
    assertThat(text.lines().filter(l -> l.equals("}")).count()).isEqualTo(3);
  }

  @Test
  void table_alignsTheComponentsInColumns_numbersToTheRight() throws Exception {
    assertThat(printed(Format.TABLE)).isEqualTo(String.join("\n",
        "region           amount  day         tags",
        "---------------  ------  ----------  ---------",
        "north              1200  2026-03-01  [\"a\"]",
        "far south\\teast       7  null        []",
        "x                   -35  2026-03-02  [\"b\",\"c\"]") + "\n");
  }

  @Test
  void text_isToString() throws Exception {
    assertThat(printed(Format.TEXT)).isEqualTo(SALES.get(0) + "\n" + SALES.get(1) + "\n" + SALES.get(2) + "\n");
  }

  @Test
  void table_aWiderValueInALaterBatch_printsTheHeaderAgainWithTheNewWidths() {
    TableLayout table = new TableLayout(JsonMapper.builder().build());
    table.add(new Point("a", 1));
    String first = table.render();
    table.add(new Point("bb", 2));
    String same = table.render();
    table.add(new Point("a much longer name", 30));
    String wider = table.render();
    table.add("plain text");
    String other = table.render();

    assertThat(first).isEqualTo("name  n\n----  -\na     1\n");
    assertThat(same).isEqualTo("bb    2\n");
    assertThat(wider).isEqualTo("name                 n\n------------------  --\na much longer name  30\n");
    assertThat(other).isEqualTo("name                 n  value\n------------------  --  ----------\n"
        + "                        plain text\n");
  }

  public record Point(String name, int n) {}
}

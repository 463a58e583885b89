package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.flow.DeadLetter;
import dev.weir.flow.FlowState;
import dev.weir.event.RawInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sources#csv(Path, Class, CsvSourceOptions)}: separators, files without a header, given columns. */
class CsvSourceOptionsTest {

  public record Row(String name, int qty, Double price) {}

  /** A bean: its properties have no declared order. */
  public static final class Bean {
    public String name;
    public int qty;
  }

  @TempDir
  Path tmp;

  private List<Row> got;

  private ConnectorFlows.Outcome read(Path file, CsvSourceOptions options) throws Exception {
    got = Collections.synchronizedList(new ArrayList<>());
    return ConnectorFlows.run(Row.class, Sources.csv(file, Row.class, options), Sinks.collect(got));
  }

  @Test
  void tsv_withAHeader_readsTabSeparatedValues_andBadRowsAreDeadLettersNamingFileAndLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("data.tsv"),
        "name\tqty\tprice\na, b\t1\t1.5\n\"tab\there\"\t2\t\nc\tx\t3\nd\t4\n");

    ConnectorFlows.Outcome o = read(file, CsvSourceOptions.defaults().tsv());

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(new Row("a, b", 1, 1.5), new Row("tab\there", 2, null));
    assertThat(o.sourceErrors()).extracting(DeadLetter::kind).containsOnly(ErrorKind.DESERIALIZATION);
    assertThat(o.sourceReasons()).containsExactly(
        "data.tsv line 4, column 'qty': 'x' is not a valid int",
        "data.tsv line 5: 2 values, the header has 3 columns");
    assertThat(o.sourceErrors()).extracting(d -> ((RawInput) d.input()).text()).containsExactly("c\tx\t3", "d\t4");
    assertThat(o.result().stage("source").emitted() + o.result().stage("source").errors()).isEqualTo(4);
  }

  @Test
  void withoutHeader_theColumnsAreTheRecordComponentsInOrder_andLinesCountFromTheFirst() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain.csv"), "a,1,1.5\nb,2\nc,3,\n");

    ConnectorFlows.Outcome o = read(file, CsvSourceOptions.defaults().withoutHeader());

    assertThat(got).containsExactly(new Row("a", 1, 1.5), new Row("c", 3, null));
    assertThat(o.sourceReasons()).containsExactly("plain.csv line 2: 2 values, expected 3 columns");
  }

  @Test
  void givenColumns_nameTheFileColumnsInFileOrder() throws Exception {
    Path file = Files.writeString(tmp.resolve("cols.csv"), "1,a\n2,b\n");

    read(file, CsvSourceOptions.defaults().columns("qty", "name"));

    assertThat(got).containsExactly(new Row("a", 1, null), new Row("b", 2, null));
  }

  @Test
  void skipHeader_ignoresTheFileHeaderNames() throws Exception {
    Path file = Files.writeString(tmp.resolve("renamed.csv"), "Name;Quantity;Price\na;1;2.5\n");

    ConnectorFlows.Outcome o = read(file, CsvSourceOptions.defaults().separator(';').skipHeader());

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(new Row("a", 1, 2.5));
  }

  @Test
  void givenColumnsThatDoNotFitTheType_failTheFlowNamingThem() throws Exception {
    Path file = Files.writeString(tmp.resolve("bad.csv"), "1,a\n");

    ConnectorFlows.Outcome o = read(file, CsvSourceOptions.defaults().columns("name", "nope", "name"));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(o.result().failure().orElseThrow().getMessage())
        .contains("CSV source " + file + ": column 'nope' is not a property of " + Row.class.getName())
        .contains("CsvSourceOptions.columns repeats 'name'")
        .contains("CsvSourceOptions.columns lacks primitive property 'qty'");
    assertThat(got).isEmpty();
  }

  @Test
  void skipHeader_onAnEmptyFile_failsTheFlow() throws Exception {
    Path file = Files.writeString(tmp.resolve("empty.csv"), "");

    ConnectorFlows.Outcome o = read(file, CsvSourceOptions.defaults().skipHeader());

    assertThat(o.result().failure().orElseThrow().getMessage())
        .contains("the file is empty, expected a header row (CsvSourceOptions.skipHeader())");
  }

  @Test
  void withoutHeader_aBeanNeedsItsColumnsNamed_andSeparatorsAreChecked() {
    assertThatThrownBy(() -> Sources.csv(tmp.resolve("x.csv"), Bean.class, CsvSourceOptions.defaults().withoutHeader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name them with CsvSourceOptions.columns(...)");
    assertThatThrownBy(() -> CsvSourceOptions.defaults().separator('"'))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a CSV separator cannot be '\"'");
  }
}

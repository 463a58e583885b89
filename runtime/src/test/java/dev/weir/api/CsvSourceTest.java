package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.DeadLetter;
import dev.weir.event.RawInput;
import dev.weir.flow.RecordKind;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.JournalRecord;
import dev.weir.journal.RunArchive;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Sources#csv} through real flows: good rows are emitted in order, bad rows are dead letters, bad headers fail. */
class CsvSourceTest {

  /** A row of the test files. */
  public record Row(String name, int qty, double price, Integer opt) {}

  public record Dated(String name, java.time.LocalDate day, java.time.Instant at, java.util.Optional<String> note) {}

  /** A record that refuses some values. */
  public record Positive(String name, int qty) {
    public Positive {
      if (qty <= 0) {
        throw new IllegalArgumentException("qty must be positive, got " + qty);
      }
    }
  }

  /** A bean with a primitive setter property. */
  public static final class Item {
    private int count;
    private String label;
    private Double weight;

    public int getCount() {
      return count;
    }

    public void setCount(int count) {
      this.count = count;
    }

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }

    public Double getWeight() {
      return weight;
    }

    public void setWeight(Double weight) {
      this.weight = weight;
    }

    @Override
    public String toString() {
      return count + "/" + label + "/" + weight;
    }
  }

  private static final String HEADER = "name,qty,price,opt";

  @TempDir
  Path tmp;

  // ---- running a flow ----

  record Run<T>(FlowResult result, List<T> rows, List<DeadLetter> dead) {
    long errors() {
      return result.stage("csv").errors();
    }

    List<String> reasons() {
      return dead.stream().map(DeadLetter::message).toList();
    }

    List<String> raws() {
      return dead.stream().map(d -> ((RawInput) d.input()).text()).toList();
    }

    String failure() {
      StringBuilder b = new StringBuilder();
      for (Throwable t = result.failure().orElse(null); t != null; t = t.getCause()) {
        b.append(t.getMessage()).append('\n');
      }
      return b.toString();
    }
  }

  private <T> Run<T> run(Path file, Class<T> type, boolean disk) throws Exception {
    return run(type, disk, () -> Sources.csv(file, type));
  }

  private <T> Run<T> run(Class<T> type, boolean disk, java.util.function.Supplier<Source<T>> source) throws Exception {
    List<T> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = FlowDefinition.define("csv_test")
        .stage(StageDefinition.source("csv", ElementType.of(type), f -> source.get()))
        .stage(StageDefinition.sink("collect", ElementType.of(type), f -> Sinks.collect(got)))
        .chain("csv", "collect")
        .build();
    Path dir = Files.createTempDirectory(tmp, "journals");
    FlowHandle h = def.builder().journals(disk ? Journals.disk(dir) : Journals.memory()).start();
    Optional<FlowResult> r = h.await(Duration.ofSeconds(60));
    assertThat(r).as("the run ends").isPresent();
    List<JournalRecord> records;
    if (disk) {
      try (RunArchive a = RunArchive.open(h.journals().directory().orElseThrow(), def, null)) {
        records = a.errors("csv").readAll(RecordKind.ERROR);
      }
    } else {
      records = h.journals().errors("csv").readAll(RecordKind.ERROR);
    }
    List<DeadLetter> dead = records.stream().map(rec -> (DeadLetter) rec.payload()).toList();
    assertThat(dead).allSatisfy(d -> {
      assertThat(d.kind()).isEqualTo(ErrorKind.DESERIALIZATION);
      assertThat(d.input()).isInstanceOf(RawInput.class);
    });
    return new Run<>(r.get(), List.copyOf(got), dead);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(tmp.resolve(name), bytes);
  }

  private static void assertCompleted(Run<?> run) {
    assertThat(run.result().state()).as(run.result().toString() + " " + run.failure()).isEqualTo(FlowState.COMPLETED);
  }

  // ---- bad rows ----

  @ParameterizedTest(name = "disk journals: {0}")
  @ValueSource(booleans = {false, true})
  void badRows_areDeadLetters_andEveryGoodRowAroundThemIsEmittedInOrder(boolean disk) throws Exception {
    Path file = write("orders.csv", String.join("\n",
        HEADER,               // 1
        "a,1,1.5,7",          // 2
        "b,abc,2.0,",         // 3 not an int
        "c,3,3.0,",           // 4 blank Integer: null
        "d,4",                // 5 too few
        "e,5,,1",             // 6 blank double
        "f,6,6.5,1,extra",    // 7 too many
        "g,7,7.0,zz",         // 8 not an Integer
        ",8,8.0, ",           // 9 blank String stays "", all-space Integer is null
        "h,99999999999,1,1",  // 10 out of range
        "i, ,1,1",            // 11 all-space int is blank
        "j,10,ten,",          // 12 not a double
        "k,11,11.0,11") + "\n");

    Run<Row> run = run(file, Row.class, disk);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(
        new Row("a", 1, 1.5, 7),
        new Row("c", 3, 3.0, null),
        new Row("", 8, 8.0, null),
        new Row("k", 11, 11.0, 11));
    assertThat(run.result().stage("csv").emitted()).isEqualTo(4);
    assertThat(run.errors()).isEqualTo(8);
    assertThat(run.reasons()).containsExactly(
        "orders.csv line 3, column 'qty': 'abc' is not a valid int",
        "orders.csv line 5: 2 values, the header has 4 columns",
        "orders.csv line 6, column 'price': blank, but price is a double (primitives need a value)",
        "orders.csv line 7: 5 values, the header has 4 columns",
        "orders.csv line 8, column 'opt': 'zz' is not a valid Integer",
        "orders.csv line 10, column 'qty': '99999999999' is not a valid int (out of range)",
        "orders.csv line 11, column 'qty': blank, but qty is an int (primitives need a value)",
        "orders.csv line 12, column 'price': 'ten' is not a valid double");
    assertThat(run.raws()).containsExactly(
        "b,abc,2.0,", "d,4", "e,5,,1", "f,6,6.5,1,extra", "g,7,7.0,zz", "h,99999999999,1,1", "i, ,1,1", "j,10,ten,");
  }

  @Test
  void javaTimeAndOptionalColumns_areRead_andABadDateIsADeadLetter() throws Exception {
    Path file = write("dated.csv", "name,day,at,note\na,2026-12-02,2026-12-02T08:00:00Z,hi\nb,2026-13-40,2026-12-02T08:00:00Z,\n"
        + "c,2026-01-31,2026-01-31T23:59:59.5Z,\n");

    Run<Dated> run = run(file, Dated.class, true);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(
        new Dated("a", java.time.LocalDate.of(2026, 12, 2), java.time.Instant.parse("2026-12-02T08:00:00Z"),
            java.util.Optional.of("hi")),
        new Dated("c", java.time.LocalDate.of(2026, 1, 31), java.time.Instant.parse("2026-01-31T23:59:59.5Z"),
            java.util.Optional.empty()));
    assertThat(run.reasons()).singleElement().asString().startsWith("dated.csv line 3, column 'day':");
  }

  @Test
  void blankStringCells_stayEmpty_quotedOrNot_andBlankBoxedCellsAreNull() throws Exception {
    Path file = write("blank.csv", "name,qty,price,opt\n,1,1.0,\n\"\",2,2.0,\"\"\n\" \",3,3.0,\"  \"\n");

    Run<Row> run = run(file, Row.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(
        new Row("", 1, 1.0, null), new Row("", 2, 2.0, null), new Row(" ", 3, 3.0, null));
    assertThat(run.errors()).isZero();
  }

  @Test
  void aValueTheConstructorRefuses_isADeadLetterNamingTheCause() throws Exception {
    Path file = write("positive.csv", "name,qty\na,1\nb,0\nc,2\n");

    Run<Positive> run = run(file, Positive.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(new Positive("a", 1), new Positive("c", 2));
    assertThat(run.reasons()).containsExactly(
        "positive.csv line 3: Positive refused the values: IllegalArgumentException: qty must be positive, got 0");
    assertThat(run.raws()).containsExactly("b,0");
  }

  @Test
  void beans_bindByPropertyName_inAnyColumnOrder_andBlankPrimitivesAreRejected() throws Exception {
    Path file = write("items.csv", "weight,label,count\n1.5,x,1\n,y,2\n2.5,z,\n");

    Run<Item> run = run(file, Item.class, false);

    assertCompleted(run);
    assertThat(run.rows()).extracting(Item::toString).containsExactly("1/x/1.5", "2/y/null");
    assertThat(run.reasons()).containsExactly(
        "items.csv line 4, column 'count': blank, but count is an int (primitives need a value)");
    assertThat(run.raws()).containsExactly("2.5,z,");
  }

  @Test
  void manyBatches_keepEveryRowInOrder() throws Exception {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    List<Row> expected = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      if (i % 97 == 5) {
        b.append("bad").append(i).append(",x,1.0,\n");
        reasons.add("many.csv line " + (i + 2) + ", column 'qty': 'x' is not a valid int");
      } else {
        b.append('r').append(i).append(',').append(i).append(',').append(i).append(".5,").append(i).append('\n');
        expected.add(new Row("r" + i, i, i + 0.5, i));
      }
    }
    Path file = write("many.csv", b.toString());

    Run<Row> run = run(file, Row.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactlyElementsOf(expected);
    assertThat(run.reasons()).containsExactlyElementsOf(reasons);
  }

  // ---- the header ----

  @Test
  void aHeaderColumnTheTypeLacks_failsTheFlowBeforeAnyRow() throws Exception {
    Path file = write("extra.csv", "name,qty,colour,price,size\na,1,red,1.0,L\n");

    Run<Row> run = run(file, Row.class, false);

    assertThat(run.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(run.rows()).isEmpty();
    assertThat(run.dead()).isEmpty();
    assertThat(run.failure()).contains("CSV source " + file + ": header columns 'colour', 'size' are not properties of "
        + Row.class.getName() + "; Row has properties name (String), qty (int), price (double), opt (Integer)."
        + " Name each column after a property, or change the type to fit the file (a primitive the file may lack"
        + " should be boxed)");
  }

  @Test
  void aPrimitivePropertyTheHeaderLacks_failsTheFlow_butAMissingBoxedPropertyIsNull() throws Exception {
    Path noPrice = write("noprice.csv", "name,qty,opt\na,1,2\n");
    Run<Row> failed = run(noPrice, Row.class, false);
    assertThat(failed.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(failed.rows()).isEmpty();
    assertThat(failed.failure()).contains("CSV source " + noPrice + ": header lacks primitive property 'price'"
        + " (a primitive needs a value in every row); Row has properties name (String), qty (int), price (double),"
        + " opt (Integer)");

    Path noOpt = write("noopt.csv", "qty,price,name\n1,2.5,a\n");
    Run<Row> ok = run(noOpt, Row.class, false);
    assertCompleted(ok);
    assertThat(ok.rows()).containsExactly(new Row("a", 1, 2.5, null));

    Path beanNoCount = write("nocount.csv", "label\nx\n");
    Run<Item> bean = run(beanNoCount, Item.class, false);
    assertThat(bean.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(bean.failure()).contains("header lacks primitive property 'count'");
  }

  @Test
  void aRepeatedHeaderColumn_andAnEmptyFile_failTheFlow() throws Exception {
    Path twice = write("twice.csv", "name,qty,price,qty\na,1,1.0,1\n");
    Run<Row> run = run(twice, Row.class, false);
    assertThat(run.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(run.failure()).contains("CSV source " + twice + ": header repeats 'qty'");

    Path empty = write("empty.csv", "");
    Run<Row> none = run(empty, Row.class, false);
    assertThat(none.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(none.failure()).contains("CSV source " + empty + ": the file is empty, expected a header row");

    Path headerOnly = write("header.csv", HEADER + "\n");
    Run<Row> zero = run(headerOnly, Row.class, false);
    assertCompleted(zero);
    assertThat(zero.rows()).isEmpty();
    assertThat(zero.errors()).isZero();
  }

  // ---- format ----

  @Test
  void quotedValuesSpanningLines_areOneRow_withTheirRawLines_andLaterLineNumbersStayRight() throws Exception {
    Path file = write("multi.csv", String.join("\n",
        HEADER,                          // 1
        "\"two\nlines\",1,1.0,",         // 2-3
        "\"say \"\"hi\"\"\",2,2.0,",     // 4
        "\"three\n\nlines\",x,3.0,",     // 5-7, bad qty
        "\"a,b\",4,4.0,4",               // 8
        "e,5,5.0,zz"));                  // 9, no final newline

    Run<Row> run = run(file, Row.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(
        new Row("two\nlines", 1, 1.0, null), new Row("say \"hi\"", 2, 2.0, null), new Row("a,b", 4, 4.0, 4));
    assertThat(run.reasons()).containsExactly(
        "multi.csv line 5, column 'qty': 'x' is not a valid int",
        "multi.csv line 9, column 'opt': 'zz' is not a valid Integer");
    assertThat(run.raws()).containsExactly("\"three\n\nlines\",x,3.0,", "e,5,5.0,zz");
  }

  @Test
  void crlfLineEndings_aByteOrderMark_emptyLines_andLoneCarriageReturns() throws Exception {
    String text = "\uFEFF" + HEADER + "\r\n"   // 1
        + "a,1,1.0,1\r\n"                      // 2
        + "\r\n"                               // 3 empty: skipped
        + "\"b\r\nb\",2,2.0,\r\n"              // 4-5, CRLF kept inside the value
        + "c,x,3.0,\r\n"                       // 6 bad
        + "\n"                                 // 7 empty: skipped
        + "d,4,4.0,\r"                         // 8 lone CR ends a line
        + "e,5,,\r\n";                         // 9 bad
    Path file = write("crlf.csv", text);

    Run<Row> run = run(file, Row.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(
        new Row("a", 1, 1.0, 1), new Row("b\r\nb", 2, 2.0, null), new Row("d", 4, 4.0, null));
    assertThat(run.reasons()).containsExactly(
        "crlf.csv line 6, column 'qty': 'x' is not a valid int",
        "crlf.csv line 9, column 'price': blank, but price is a double (primitives need a value)");
    assertThat(run.raws()).containsExactly("c,x,3.0,", "e,5,,");
  }

  @Test
  void aLineOfSpaces_isARow_withTheWrongNumberOfValues() throws Exception {
    Path file = write("spaces.csv", HEADER + "\n   \na,1,1.0,\n");

    Run<Row> run = run(file, Row.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(new Row("a", 1, 1.0, null));
    assertThat(run.reasons()).containsExactly("spaces.csv line 2: 1 value, the header has 4 columns");
    assertThat(run.raws()).containsExactly("   ");
  }

  @ParameterizedTest(name = "disk journals: {0}")
  @ValueSource(booleans = {false, true})
  void aQuoteThatNeverCloses_isOneRejectedRowRunningToTheEndOfTheFile(boolean disk) throws Exception {
    Path file = write("open.csv", HEADER + "\na,1,1.0,\nb,2,\"2.0,\nc,3,3.0,\n\nd,4,4.0,\n");

    Run<Row> run = run(file, Row.class, disk);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(new Row("a", 1, 1.0, null));
    assertThat(run.errors()).isEqualTo(1);
    assertThat(run.reasons()).containsExactly(
        "open.csv line 3: the quote opened on line 3, column 5 never closes: the row runs to the end of the file");
    assertThat(run.raws()).containsExactly("b,2,\"2.0,\nc,3,3.0,\n\nd,4,4.0,");
  }

  @Test
  void quotesJacksonCannotRead_areRejectedRows() throws Exception {
    Path file = write("quotes.csv", String.join("\n",
        HEADER,                 // 1
        "\"a\"x,1,1.0,",        // 2 text after a closing quote
        "b,2,2.0,",             // 3
        "c5\"in,3,3.0,",        // 4-5 a quote inside an unquoted value pairs with one on the next line
        "d\"4,4,4.0,",
        "e,5,5.0,") + "\n");

    Run<Row> run = run(file, Row.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(new Row("b", 2, 2.0, null), new Row("e", 5, 5.0, null));
    assertThat(run.reasons()).containsExactly(
        "quotes.csv line 2: malformed CSV: Unexpected character ('x' (code 120)):"
            + " Expected column separator character (',' (code 44)) or end-of-line",
        "quotes.csv line 4: malformed CSV: a double quote inside an unquoted value"
            + " (quote the whole value and double the quotes inside it)");
    assertThat(run.raws()).containsExactly("\"a\"x,1,1.0,", "c5\"in,3,3.0,\nd\"4,4,4.0,");
  }

  @ParameterizedTest(name = "disk journals: {0}")
  @ValueSource(booleans = {false, true})
  void aRowLongerThanTheCap_isRejectedWithItsFirstCharacters_andReadingGoesOnAfterIt(boolean disk) throws Exception {
    String huge = "x".repeat(Sources.CSV_MAX_ROW_CHARS + 5000);
    String hugeQuoted = "\"" + "y\n".repeat(Sources.CSV_MAX_ROW_CHARS) + "\"";
    Path file = write("huge.csv", HEADER + "\na,1,1.0,\n" + huge + ",2,2.0,\nb,3,3.0,\n" + hugeQuoted
        + ",4,4.0,\nc,5,5.0,\n");

    Run<Row> run = run(file, Row.class, disk);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(new Row("a", 1, 1.0, null), new Row("b", 3, 3.0, null),
        new Row("c", 5, 5.0, null));
    assertThat(run.reasons()).containsExactly(
        "huge.csv line 3: the row is longer than 1048576 characters (Sources.CSV_MAX_ROW_CHARS);"
            + " raw text cut to its first 1048576",
        "huge.csv line 5: the row is longer than 1048576 characters (Sources.CSV_MAX_ROW_CHARS);"
            + " raw text cut to its first 1048576");
    assertThat(run.raws().get(0)).isEqualTo(huge.substring(0, Sources.CSV_MAX_ROW_CHARS));
    assertThat(run.raws().get(1)).isEqualTo(hugeQuoted.substring(0, Sources.CSV_MAX_ROW_CHARS));
  }

  @Test
  void invalidUtf8_rejectsOnlyItsRow_showingTheBadBytesAsReplacementCharacters() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes((HEADER + "\na,1,1.0,\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {'b', (byte) 0xC3, '(', ',', '2', ',', '2', ',', '\n'});
    b.writeBytes("caf\u00e9,3,3.0,\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {'d', ',', '4', ',', '4', ',', (byte) 0xF0, (byte) 0x9F}); // truncated at end of file
    Path file = write("bytes.csv", b.toByteArray());

    Run<Row> run = run(file, Row.class, false);

    assertCompleted(run);
    assertThat(run.rows()).containsExactly(new Row("a", 1, 1.0, null), new Row("caf\u00e9", 3, 3.0, null));
    assertThat(run.reasons()).containsExactly(
        "bytes.csv line 3: not valid UTF-8 (the undecodable bytes are shown as U+FFFD)",
        "bytes.csv line 5: not valid UTF-8 (the undecodable bytes are shown as U+FFFD)");
    assertThat(run.raws()).containsExactly("b\uFFFD(,2,2,", "d,4,4,\uFFFD");
  }

  // ---- fuzz ----

  /** Known kinds of line, each exactly one row (or none, for an empty line), with a known outcome. */
  @Test
  void fuzz_structuredFiles_emitExactlyTheGoodRows() throws Exception {
    Random random = new Random(20260601L);
    int cap = 300;
    long multiLine = 0;
    for (int round = 0; round < 40; round++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      String nl = random.nextBoolean() ? "\n" : "\r\n";
      if (random.nextBoolean()) {
        b.writeBytes("\uFEFF".getBytes(StandardCharsets.UTF_8));
      }
      b.writeBytes((HEADER + nl).getBytes(StandardCharsets.UTF_8));
      List<Row> expected = new ArrayList<>();
      int rejected = 0;
      int lines = random.nextInt(1500);
      for (int i = 0; i < lines; i++) {
        int qty = random.nextInt();
        String text;
        switch (random.nextInt(9)) {
          case 0 -> text = "";
          case 1 -> {
            text = "n" + i + "," + qty;
            rejected++;
          }
          case 2 -> {
            text = "n" + i + "," + qty + ",1.0,2,3";
            rejected++;
          }
          case 3 -> {
            text = "n" + i + ",q" + qty + ",1.0,";
            rejected++;
          }
          case 4 -> {
            text = "n" + i + "," + qty + ",,";
            rejected++;
          }
          case 5 -> {
            text = "\"" + "z".repeat(cap) + "\"\"" + nl + "\"," + qty + ",1.0,";
            rejected++;
          }
          case 6 -> {
            text = "\"m" + i + nl + "\"\"q\"\", x\"," + qty + ",0.25,7";
            expected.add(new Row("m" + i + nl + "\"q\", x", qty, 0.25, 7));
          }
          default -> {
            text = "n" + i + "," + qty + "," + i + ".5," + (random.nextBoolean() ? "" : String.valueOf(i));
            expected.add(new Row("n" + i, qty, i + 0.5, text.endsWith(",") ? null : i));
          }
        }
        b.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        if (i < lines - 1 || random.nextBoolean()) {
          b.writeBytes(nl.getBytes(StandardCharsets.UTF_8));
        }
      }
      Path file = write("structured" + round + ".csv", b.toByteArray());

      Run<Row> run = run(Row.class, false, () -> new CsvSource<>(file, Row.class, cap, CsvSourceOptions.defaults()));

      assertCompleted(run);
      assertThat(run.rows()).as("round %d", round).containsExactlyElementsOf(expected);
      assertThat(run.errors()).as("round %d", round).isEqualTo(rejected);
      multiLine += expected.stream().filter(r -> r.name().startsWith("m")).count();
    }
    assertThat(multiLine).as("multi-line rows were generated").isGreaterThan(0);
  }

  /** Random bytes, quote soup and random column counts: every run ends, and every row is emitted or rejected. */
  @Test
  void fuzz_randomBodies_alwaysComplete_withEveryRowEmittedOrRejected() throws Exception {
    Random random = new Random(42L);
    String[] pieces = {"\"", "\"\"", ",", "\n", "\r", "\r\n", "1", "2.5", "abc", " ", "", "\uFEFF", "\u00e9"};
    int cap = 200;
    long emitted = 0;
    long rejected = 0;
    for (int round = 0; round < 60; round++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes((HEADER + "\n").getBytes(StandardCharsets.UTF_8));
      int style = round % 3;
      int size = random.nextInt(style == 2 ? 20000 : 4000);
      for (int i = 0; i < size; i++) {
        switch (style) {
          case 0 -> b.write(random.nextInt(256));
          case 1 -> b.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
          default -> {
            int k = random.nextInt(10);
            if (k < 6) { // a value: text, an int, a double or blank
              int n = random.nextInt(100);
              String[] value = {"v" + n, String.valueOf(n), n + ".5", ""};
              b.writeBytes(value[random.nextInt(value.length)].getBytes(StandardCharsets.UTF_8));
            } else if (k < 8) {
              b.write(',');
            } else if (k < 9) {
              b.write('\n');
            } else {
              b.writeBytes("x".repeat(random.nextInt(400)).getBytes(StandardCharsets.UTF_8));
            }
          }
        }
      }
      byte[] bytes = b.toByteArray();
      Path file = write("random" + round + ".csv", bytes);

      Run<Row> run = run(Row.class, false, () -> new CsvSource<>(file, Row.class, cap, CsvSourceOptions.defaults()));

      assertCompleted(run);
      long rows = CsvRecordModel.count(bytes) - 1; // minus the header
      assertThat(run.rows().size() + run.errors()).as("round %d (style %d)", round, style).isEqualTo(rows);
      assertThat(run.dead()).hasSize((int) run.errors());
      assertThat(run.raws()).allSatisfy(raw -> assertThat(raw.length()).isLessThanOrEqualTo(cap));
      emitted += run.rows().size();
      rejected += run.errors();
    }
    assertThat(emitted).as("the random files hold some good rows").isGreaterThan(0);
    assertThat(rejected).as("and many bad ones").isGreaterThan(emitted);
  }

  /** Random header bytes never fit the type: the run ends, failed for its header, emitting nothing. */
  @Test
  void fuzz_randomHeaders_failTheFlowForTheHeader_andNeverHang() throws Exception {
    Random random = new Random(7L);
    for (int round = 0; round < 30; round++) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      Path file = write("header" + round + ".csv", bytes);

      Run<Row> run = run(Row.class, false, () -> new CsvSource<>(file, Row.class, 100, CsvSourceOptions.defaults()));

      assertThat(run.result().state()).as("round %d", round).isEqualTo(FlowState.FAILED);
      assertThat(run.failure()).contains("CSV source " + file + ": ");
      assertThat(run.rows()).isEmpty();
      assertThat(run.dead()).isEmpty();
    }
  }
}

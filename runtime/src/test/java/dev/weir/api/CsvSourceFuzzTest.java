package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weir.event.RawInput;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.FlowState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Property tests of the CSV source with jqwik: whatever the bytes, a run ends (a 60 s guard per try,
 * no timing claim), completes, and accounts for every row: emitted + dead letters = rows in the file,
 * as the tests' own {@link CsvRecordModel} counts them; with known rows, exactly the good ones are emitted.
 */
class CsvSourceFuzzTest {

  public record Row(String name, int qty, double price, Integer opt) {}

  private static final Duration HANG_GUARD = Duration.ofSeconds(60);
  private static final int CAP = 300;

  private Path dir;

  @BeforeTry
  void makeDirectory() throws Exception {
    dir = Files.createTempDirectory("weir-csv-fuzz");
  }

  @AfterTry
  void deleteDirectory() throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  // ---- bodies of random bytes and CSV-ish pieces under a good header ----

  @Provide
  Arbitrary<byte[]> randomBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(6000);
  }

  @Provide
  Arbitrary<byte[]> csvSoup() {
    Arbitrary<String> piece = Arbitraries.of("\"", "\"\"", ",", "\t", "\n", "\r", "\r\n", "1", "-7", "2.5", "abc", " ",
        "", "\u00e9", "\uFFFD", "null");
    Arbitrary<String> huge = Arbitraries.integers().between(CAP - 5, CAP * 3).map("h"::repeat);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(20, piece),
            net.jqwik.api.Tuple.of(1, huge))
        .list().ofMaxSize(3000)
        .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 60)
  void randomBytes_neverHangOrFail_andEveryRowIsEmittedOrDeadLettered(@ForAll("randomBytes") byte[] body)
      throws Exception {
    checkAccounting(body, ',');
  }

  @Property(tries = 60)
  void csvSoup_commaOrTab_neverHangsOrFails_andEveryRowIsEmittedOrDeadLettered(
      @ForAll("csvSoup") byte[] body, @ForAll boolean tab) throws Exception {
    checkAccounting(body, tab ? '\t' : ',');
  }

  private void checkAccounting(byte[] body, char separator) throws Exception {
    String s = String.valueOf(separator);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(String.join(s, "name", "qty", "price", "opt").concat("\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(body);
    byte[] bytes = b.toByteArray();
    Path file = Files.write(dir.resolve("fuzz.csv"), bytes);
    List<Row> got = Collections.synchronizedList(new ArrayList<>());

    ConnectorFlows.Outcome o = assertTimeoutPreemptively(HANG_GUARD, () -> ConnectorFlows.run(Row.class,
        new CsvSource<>(file, Row.class, CAP, CsvSourceOptions.defaults().separator(separator)), Sinks.collect(got)));

    assertThat(o.result().state()).as("%s", o.result()).isEqualTo(FlowState.COMPLETED);
    long rows = CsvRecordModel.count(bytes) - 1; // minus the header
    assertThat(got.size() + o.sourceErrors().size()).isEqualTo(rows);
    assertThat(o.result().stage("source").errors()).isEqualTo(o.sourceErrors().size());
    assertThat(o.result().stage("sink").emitted()).as("receipts").isEqualTo(got.size());
    assertThat(o.sourceErrors()).allSatisfy(d -> {
      assertThat(d.kind()).isEqualTo(ErrorKind.DESERIALIZATION);
      assertThat(d.message()).startsWith("fuzz.csv line ");
      assertThat(((RawInput) d.input()).text().length()).isLessThanOrEqualTo(CAP);
    });
  }

  // ---- files of known rows, good and bad ----

  /** One generated row: its text (without terminator) and the item it must become, or null for a dead letter. */
  record Spec(String text, Row expected, String reasonPart) {}

  @Provide
  Arbitrary<List<Spec>> knownRows() {
    Arbitrary<String> name = Arbitraries.strings().withChars("ab,\t\"\n ").ofMaxLength(12);
    Arbitrary<Integer> qty = Arbitraries.integers();
    Arbitrary<Spec> good = Combinators.combine(name, qty, Arbitraries.integers().between(-1000, 1000),
            Arbitraries.integers().injectNull(0.3))
        .as((n, q, p, opt) -> new Spec(null, new Row(n, q, p / 4.0, opt), null));
    Arbitrary<Spec> bad = Arbitraries.of(
        new Spec("x{sep}1", null, "2 values, the header has 4 columns"),
        new Spec("x{sep}1{sep}1.0{sep}2{sep}3", null, "5 values, the header has 4 columns"),
        new Spec("x{sep}q{sep}1.0{sep}", null, "column 'qty': 'q' is not a valid int"),
        new Spec("x{sep}1{sep}{sep}", null, "column 'price': blank, but price is a double"),
        new Spec("\"" + "z".repeat(CAP) + "\"{sep}1{sep}1.0{sep}", null, "the row is longer than " + CAP),
        new Spec("\"a\"b{sep}1{sep}1.0{sep}", null, "malformed CSV"));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, good), net.jqwik.api.Tuple.of(1, bad))
        .list().ofMaxSize(400);
  }

  @Property(tries = 40)
  void knownRows_exactlyTheGoodOnesAreEmitted_andEachBadOneIsADeadLetterNamingItsLine(
      @ForAll("knownRows") List<Spec> specs, @ForAll boolean tab, @ForAll boolean unclosedAtTheEnd) throws Exception {
    char sep = tab ? '\t' : ',';
    String s = String.valueOf(sep);
    StringBuilder file = new StringBuilder(String.join(s, "name", "qty", "price", "opt")).append('\n');
    List<Row> expected = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    long line = 2;
    for (Spec spec : specs) {
      String text = spec.expected() == null ? spec.text().replace("{sep}", s) : format(spec.expected(), sep);
      file.append(text).append('\n');
      if (spec.expected() != null) {
        expected.add(spec.expected());
      } else {
        reasons.add("known.csv line " + line + (spec.reasonPart().startsWith("column") ? ", " : ": ") + spec.reasonPart());
      }
      line += text.chars().filter(c -> c == '\n').count() + 1;
    }
    if (unclosedAtTheEnd) {
      file.append("\"never closed").append(s).append("1\nmore\n");
      reasons.add("known.csv line " + line + ": the quote opened on line " + line + ", column 1 never closes");
    }
    Path path = Files.writeString(dir.resolve("known.csv"), file);
    List<Row> got = Collections.synchronizedList(new ArrayList<>());

    ConnectorFlows.Outcome o = assertTimeoutPreemptively(HANG_GUARD, () -> ConnectorFlows.run(Row.class,
        new CsvSource<>(path, Row.class, CAP, CsvSourceOptions.defaults().separator(sep)), Sinks.collect(got)));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactlyElementsOf(expected);
    List<String> messages = o.sourceErrors().stream().map(DeadLetter::message).toList();
    assertThat(messages).hasSameSizeAs(reasons);
    for (int i = 0; i < reasons.size(); i++) {
      assertThat(messages.get(i)).startsWith(reasons.get(i));
    }
  }

  /** Writes a row as RFC 4180 says, quoting what needs it: independent of the code under test. */
  private static String format(Row r, char sep) {
    String name = r.name();
    boolean quote = name.indexOf(sep) >= 0 || name.indexOf('"') >= 0 || name.indexOf('\n') >= 0 || name.indexOf(',') >= 0;
    String n = quote ? '"' + name.replace("\"", "\"\"") + '"' : name;
    return n + sep + r.qty() + sep + r.price() + sep + (r.opt() == null ? "" : r.opt());
  }
}

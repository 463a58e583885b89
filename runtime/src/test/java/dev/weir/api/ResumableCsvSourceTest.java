package dev.weir.api;

import static dev.weir.api.ResumableSourceTest.assertResumesAtEveryCut;
import static dev.weir.api.ResumableSourceTest.drain;
import static dev.weir.api.ResumableSourceTest.events;
import static dev.weir.api.ResumableSourceTest.everyCut;
import static dev.weir.api.ResumableSourceTest.reasons;
import static dev.weir.api.ResumableSourceTest.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ResumableSourceTest.Event;
import dev.weir.api.ResumableSourceTest.Fresh;
import dev.weir.api.ResumableSourceTest.Item;
import dev.weir.api.ResumableSourceTest.Reject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming {@link Sources#csv} at every cut: the resumed source lands on exactly the record an
 * uninterrupted run would have read next, whatever the records before were (quoted multi-line
 * values, empty lines, too-long rows, unclosed quotes, malformed quoting, rows of the wrong width).
 */
class ResumableCsvSourceTest {

  /** A row of the test files. */
  public record Order(String id, int qty, String note) {}

  /** A row that counts how many were made, to show that skipped rows are not bound. */
  public record Counted(String id, int qty, String note) {
    static final AtomicInteger MADE = new AtomicInteger();

    public Counted {
      MADE.incrementAndGet();
    }
  }

  /** The longest row the mixed file's source reads, so that a test row can be too long. */
  private static final int MAX = 40;

  @TempDir
  Path tmp;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** Every kind of record the source cuts, good and bad, ending without a final newline. */
  private static final String MIXED = ""
      + "id,qty,note\n"                                  // 1 header
      + "a1,1,plain\n"                                   // 2
      + "a2,2,\"multi\nline\r\nnote\"\n"                 // 3-5 quoted value over three lines
      + "\n"                                             // 6 empty: not a row
      + "a3,x,bad int\n"                                 // 7 rejected: not an int
      + "a4,4\n"                                         // 8 rejected: 2 values
      + "\r\n"                                           // 9 empty: not a row
      + "a5,5,\"ok \"\"quoted\"\"\"\r\n"                 // 10
      + "a6,6,\"tail\"junk\n"                            // 11 rejected: text after the closing quote
      + "a7,7," + "x".repeat(50) + "\n"                  // 12 rejected: too long
      + "a8,8,\"long\n" + "y".repeat(45) + "\"\n"        // 13-14 rejected: too long, over two lines
      + " , ,  \n"                                       // 15 rejected: blank primitive
      + "a9,9,\"x\"\r"                                   // 16 ends with a lone CR
      + "a10,,blank primitive\n"                         // 17 rejected: blank primitive
      + "a11,1,x\"y,\"z\n"                              // 18 rejected: a quote inside an unquoted value
      + "a12,12,\"with, comma\"\n"                       // 19
      + "a13,13,last";                                   // 20 no final newline

  @Test
  void mixedFile_resumesAtEveryCut() throws Exception {
    Path file = write("mixed.csv", MIXED);
    Fresh<Order> fresh = () -> new CsvSource<>(file, Order.class, MAX, CsvSourceOptions.defaults());

    List<Item> full = assertResumesAtEveryCut(fresh, everyCut(fresh));

    assertThat(full.stream().filter(i -> i instanceof Event).map(i -> ((Order) ((Event) i).value()).id()))
        .containsExactly("a1", "a2", "a5", "a9", "a12", "a13");
    assertThat(full.get(1)).isEqualTo(new Event(new Order("a2", 2, "multi\nline\r\nnote")));
    assertThat(full.get(full.size() - 1)).isEqualTo(new Event(new Order("a13", 13, "last")));
    assertThat(reasons(full)).satisfiesExactly(
        r -> assertThat(r).startsWith("mixed.csv line 7, column 'qty':"),
        r -> assertThat(r).isEqualTo("mixed.csv line 8: 2 values, the header has 3 columns"),
        r -> assertThat(r).startsWith("mixed.csv line 11: malformed CSV: Unexpected character ('j'"),
        r -> assertThat(r).startsWith("mixed.csv line 12: the row is longer than 40 characters"),
        r -> assertThat(r).startsWith("mixed.csv line 13: the row is longer than 40 characters"),
        r -> assertThat(r).startsWith("mixed.csv line 15, column 'qty': blank"),
        r -> assertThat(r).startsWith("mixed.csv line 17, column 'qty': blank"),
        r -> assertThat(r).isEqualTo("mixed.csv line 18: malformed CSV: Missing closing quote for value"));
  }

  @Test
  void aQuoteThatNeverCloses_isOneRecordToTheEnd_andResumesAtEveryCut() throws Exception {
    Path file = write("unclosed.csv", "id,qty,note\nb1,1,ok\nb2,2,\"never\ncloses\nb3,3,x\n");
    Fresh<Order> fresh = () -> Sources.csv(file, Order.class);

    List<Item> full = assertResumesAtEveryCut(fresh, everyCut(fresh));

    assertThat(full).hasSize(2);
    assertThat(full.get(0)).isEqualTo(new Event(new Order("b1", 1, "ok")));
    Reject unclosed = (Reject) full.get(1);
    assertThat(unclosed.raw()).isEqualTo("b2,2,\"never\ncloses\nb3,3,x");
    assertThat(unclosed.reason()).startsWith("unclosed.csv line 3: the quote opened on line 3, column 6 never closes");
  }

  @Test
  void noHeader_tabSeparated_withAByteOrderMark_resumesAtEveryCut() throws Exception {
    Path file = write("plain.tsv", "\uFEFFc1\t1\tn\n\nc2\tbad\tn\r\nc3\t3\t\"q\tq\"\nc4\t4\t");
    Fresh<Order> fresh = () -> Sources.csv(file, Order.class, CsvSourceOptions.defaults().withoutHeader().tsv());

    List<Item> full = assertResumesAtEveryCut(fresh, everyCut(fresh));

    assertThat(full).hasSize(4);
    assertThat(full.get(0)).isEqualTo(new Event(new Order("c1", 1, "n")));
    assertThat(reasons(full)).singleElement().asString().startsWith("plain.tsv line 3, column 'qty':");
    assertThat(full.get(2)).isEqualTo(new Event(new Order("c3", 3, "q\tq")));
    assertThat(full.get(3)).isEqualTo(new Event(new Order("c4", 4, "")));
  }

  @Test
  void aSkippedHeader_isNotADataRow() throws Exception {
    Path file = write("skipped.csv", "ignored,names,here\nd1,1,x\nd2,y,x\nd3,3,x\n");
    Fresh<Order> fresh = () -> Sources.csv(file, Order.class, CsvSourceOptions.defaults().skipHeader());
    List<Item> full = assertResumesAtEveryCut(fresh, everyCut(fresh));
    assertThat(full).hasSize(3);
    assertThat(rejects(full)).isEqualTo(1);
  }

  @Test
  void aFileLongerThanABatch_resumesAcrossBatchBoundaries() throws Exception {
    StringBuilder text = new StringBuilder("id,qty,note\n");
    int bad = 0;
    for (int i = 0; i < 1300; i++) {
      if (i % 7 == 3) {
        text.append("r").append(i).append(",x,bad\n");
        bad++;
      } else if (i % 11 == 5) {
        text.append("r").append(i).append(',').append(i).append(",\"two\r\nlines\"\r\n");
      } else {
        text.append("r").append(i).append(',').append(i).append(",n\n");
      }
      if (i % 13 == 0) {
        text.append('\n');
      }
    }
    Path file = write("big.csv", text.toString());
    Fresh<Order> fresh = () -> Sources.csv(file, Order.class);
    LongStream cuts = LongStream.concat(LongStream.rangeClosed(0, 1300).filter(k -> k % 97 == 0),
        LongStream.of(1, 511, 512, 513, 1023, 1024, 1025, 1299, 1300));

    List<Item> full = assertResumesAtEveryCut(fresh, cuts);

    assertThat(full).hasSize(1300);
    assertThat(rejects(full)).isEqualTo(bad);
    assertThat(full.get(1299)).isEqualTo(new Event(new Order("r1299", 1299, "n")));
  }

  @Test
  void resuming_bindsNoSkippedRow_andEmitsOrRejectsNothing() throws Exception {
    Path file = write("counted.csv", "id,qty,note\ne1,1,x\ne2,bad,x\ne3,3,x\ne4,4,x\n");
    Counted.MADE.set(0);
    CsvSource<Counted> s = new CsvSource<>(file, Counted.class, MAX, CsvSourceOptions.defaults());
    s.resumeAfter(2, 1);
    assertThat(Counted.MADE).as("no skipped row became a Counted").hasValue(0);
    List<Item> rest = drain(s, Long.MAX_VALUE);
    assertThat(rest).containsExactly(new Event(new Counted("e4", 4, "x")));
    assertThat(events(rest)).isEqualTo(1);
  }

  @Test
  void resumedAfterMoreRowsThanTheFileHolds_namesTheFileAndTheCounts() throws Exception {
    Path file = write("short.csv", "id,qty,note\nf1,1,x\nf2,bad,x\n\nf3,3,\"a\nb\"\n");
    CsvSource<Order> s = new CsvSource<>(file, Order.class, MAX, CsvSourceOptions.defaults());
    assertThatThrownBy(() -> s.resumeAfter(3, 1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("CSV source " + file + ": cannot resume after 4 data rows (3 events + 1 dead letters):"
            + " the file holds only 3; it is not the file the run was started on");
    s.close();
    CsvSource<Order> exact = new CsvSource<>(file, Order.class, MAX, CsvSourceOptions.defaults());
    exact.resumeAfter(2, 1);
    assertThat(drain(exact, Long.MAX_VALUE)).as("resumed at its end").isEmpty();
  }

  @Test
  void aHeaderThatDoesNotFit_failsTheResumeAsItWouldFailTheRun() throws Exception {
    Path file = write("wrong.csv", "id,quantity,note\ng1,1,x\n");
    CsvSource<Order> s = new CsvSource<>(file, Order.class, MAX, CsvSourceOptions.defaults());
    assertThatThrownBy(() -> s.resumeAfter(1, 0)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("CSV source " + file + ": header column 'quantity' is not a property of");
    s.close();
  }
}

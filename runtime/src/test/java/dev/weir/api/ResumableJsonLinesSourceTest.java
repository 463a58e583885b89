package dev.weir.api;

import static dev.weir.api.ResumableSourceTest.assertResumesAtEveryCut;
import static dev.weir.api.ResumableSourceTest.drain;
import static dev.weir.api.ResumableSourceTest.everyCut;
import static dev.weir.api.ResumableSourceTest.reasons;
import static dev.weir.api.ResumableSourceTest.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.ResumableSourceTest.Event;
import dev.weir.api.ResumableSourceTest.Fresh;
import dev.weir.api.ResumableSourceTest.Item;
import java.io.ByteArrayOutputStream;
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
 * Resuming {@link Sources#jsonLines} at every cut: blank lines are not records and are not counted,
 * every other line (a too-long one of spaces too) is one event or one dead letter.
 */
class ResumableJsonLinesSourceTest {

  /** A line of the test files. */
  public record Order(String id, int qty, String note) {}

  /** A line that counts how many were made, to show that skipped lines are not decoded. */
  public record Counted(String id, int qty) {
    static final AtomicInteger MADE = new AtomicInteger();

    public Counted {
      MADE.incrementAndGet();
    }
  }

  /** The longest line the mixed file's source reads, so that a test line can be too long. */
  private static final int MAX = 50;

  @TempDir
  Path tmp;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void mixedFile_resumesAtEveryCut() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    b.writeBytes(("{\"id\":\"j1\",\"qty\":1,\"note\":\"a\"}\n"     // 1 (after a byte order mark)
        + "\n"                                                    // 2 blank
        + "   \t\n"                                               // 3 blank
        + "{\"id\":\"j2\",\"qty\":\"x\"}\n"                       // 4 rejected: not an int
        + "not json\n"                                            // 5 rejected
        + "null\n"                                                // 6 rejected
        + "{\"id\":\"j3\",\"qty\":3}\r\n"                         // 7
        + " ".repeat(60) + "\n"                                   // 8 rejected: too long, though blank
        + "{\"id\":\"j4\",\"qty\":4,\"note\":\"" + "z".repeat(40) + "\"}\n" // 9 rejected: too long
        + "\r\n"                                                  // 10 blank
        + "{\"id\":\"").getBytes(StandardCharsets.UTF_8));
    b.write(0xFF);                                                // 11 rejected: not UTF-8
    b.writeBytes(("\",\"qty\":5}\n"
        + "{\"id\":\"j5\",\"qty\":5} {\"id\":\"j6\",\"qty\":6}\n"   // 12 rejected: two values
        + "{\"id\":\"j7\",\"qty\":null}\n"                        // 13 rejected: null primitive
        + "{\"id\":\"j8\",\"qty\":8}\n"                           // 14
        + "\n"                                                    // 15 blank
        + "{\"id\":\"j9\",\"qty\":9,\"note\":\"end\"}").getBytes(StandardCharsets.UTF_8)); // 16 no final newline
    Path file = Files.write(tmp.resolve("mixed.jsonl"), b.toByteArray());
    Fresh<Order> fresh = () -> new JsonLinesSource<>(file, Order.class, MAX);

    List<Item> full = assertResumesAtEveryCut(fresh, everyCut(fresh));

    assertThat(full.stream().filter(i -> i instanceof Event).map(i -> ((Order) ((Event) i).value()).id()))
        .containsExactly("j1", "j3", "j8", "j9");
    assertThat(full.get(0)).isEqualTo(new Event(new Order("j1", 1, "a")));
    assertThat(full.get(full.size() - 1)).isEqualTo(new Event(new Order("j9", 9, "end")));
    assertThat(reasons(full)).satisfiesExactly(
        r -> assertThat(r).startsWith("mixed.jsonl line 4: property 'qty'"),
        r -> assertThat(r).startsWith("mixed.jsonl line 5: not JSON"),
        r -> assertThat(r).startsWith("mixed.jsonl line 6: null is not an Order"),
        r -> assertThat(r).startsWith("mixed.jsonl line 8: the line is longer than 50 bytes"),
        r -> assertThat(r).startsWith("mixed.jsonl line 9: the line is longer than 50 bytes"),
        r -> assertThat(r).startsWith("mixed.jsonl line 11: not valid UTF-8"),
        r -> assertThat(r).startsWith("mixed.jsonl line 12: "),
        r -> assertThat(r).startsWith("mixed.jsonl line 13: property 'qty': missing or null"));
  }

  @Test
  void onlyBlankLines_andAnEmptyFile_resumeAtZero() throws Exception {
    Path blank = write("blank.jsonl", "\n  \n\r\n");
    Fresh<Order> fresh = () -> Sources.jsonLines(blank, Order.class);
    assertThat(assertResumesAtEveryCut(fresh, everyCut(fresh))).isEmpty();
    Path empty = write("empty.jsonl", "");
    Fresh<Order> none = () -> Sources.jsonLines(empty, Order.class);
    assertThat(assertResumesAtEveryCut(none, everyCut(none))).isEmpty();
    ResumableSource<Order> s = (ResumableSource<Order>) Sources.jsonLines(blank, Order.class);
    assertThatThrownBy(() -> s.resumeAfter(0, 1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("JSON Lines source " + blank + ": cannot resume after 1 records (0 events + 1 dead letters):"
            + " the file holds only 0 non-blank lines; it is not the file the run was started on");
    s.close();
  }

  @Test
  void aFileLongerThanABatch_resumesAcrossBatchBoundaries() throws Exception {
    StringBuilder text = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < 1300; i++) {
      if (i % 9 == 4) {
        text.append("{\"id\":\"r").append(i).append("\",\"qty\":\"no\"}\n");
        bad++;
      } else {
        text.append("{\"id\":\"r").append(i).append("\",\"qty\":").append(i).append(i % 2 == 0 ? "}\r\n" : "}\n");
      }
      if (i % 5 == 0) {
        text.append("   \n");
      }
    }
    Path file = write("big.jsonl", text.toString());
    Fresh<Order> fresh = () -> Sources.jsonLines(file, Order.class);
    LongStream cuts = LongStream.concat(LongStream.rangeClosed(0, 1300).filter(k -> k % 89 == 0),
        LongStream.of(1, 511, 512, 513, 1023, 1024, 1025, 1299, 1300));

    List<Item> full = assertResumesAtEveryCut(fresh, cuts);

    assertThat(full).hasSize(1300);
    assertThat(rejects(full)).isEqualTo(bad);
    assertThat(full.get(1299)).isEqualTo(new Event(new Order("r1299", 1299, null)));
  }

  @Test
  void resuming_decodesNoSkippedLine() throws Exception {
    Path file = write("counted.jsonl", "{\"id\":\"a\",\"qty\":1}\n\n{\"id\":\"b\",\"qty\":\"x\"}\n"
        + "{\"id\":\"c\",\"qty\":3}\n{\"id\":\"d\",\"qty\":4}\n");
    Counted.MADE.set(0);
    JsonLinesSource<Counted> s = new JsonLinesSource<>(file, Counted.class, MAX);
    s.resumeAfter(2, 1);
    assertThat(Counted.MADE).as("no skipped line became a Counted").hasValue(0);
    assertThat(drain(s, Long.MAX_VALUE)).containsExactly(new Event(new Counted("d", 4)));
  }

  @Test
  void resumedAfterMoreLinesThanTheFileHolds_namesTheFileAndTheCounts() throws Exception {
    Path file = write("short.jsonl", "{\"id\":\"a\",\"qty\":1}\n\nnot json\n{\"id\":\"c\",\"qty\":3}");
    ResumableSource<Order> s = (ResumableSource<Order>) Sources.jsonLines(file, Order.class);
    assertThatThrownBy(() -> s.resumeAfter(3, 1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("JSON Lines source " + file + ": cannot resume after 4 records (3 events + 1 dead letters):"
            + " the file holds only 3 non-blank lines; it is not the file the run was started on");
    s.close();
  }
}

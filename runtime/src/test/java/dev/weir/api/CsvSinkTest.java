package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sinks#csv} in real flows: file contents, quoting, modes, and the temporary file on every end. */
class CsvSinkTest {

  public enum Tier { GOLD, SILVER }

  public record Line(String name, int qty, double price, Integer opt, LocalDate day, Tier tier) {}

  public record Nested(String name, List<String> tags) {}

  @TempDir
  Path tmp;

  private static final List<Line> LINES = List.of(
      new Line("plain", 1, 1.5, 7, LocalDate.of(2026, 1, 2), Tier.GOLD),
      new Line("with, comma", 2, 2.25, null, null, Tier.SILVER),
      new Line("say \"hi\"", 3, 3.0, 3, LocalDate.of(2026, 12, 31), null),
      new Line("two\nlines", 4, -4.5, -1, LocalDate.of(2000, 2, 29), Tier.GOLD),
      new Line(" edge ", 5, 0.0, 0, LocalDate.of(1999, 9, 9), Tier.GOLD));

  private static final String LINES_CSV = String.join("\n",
      "name,qty,price,opt,day,tier",
      "plain,1,1.5,7,2026-01-02,GOLD",
      "\"with, comma\",2,2.25,,,SILVER",
      "\"say \"\"hi\"\"\",3,3.0,3,2026-12-31,",
      "\"two\nlines\",4,-4.5,-1,2000-02-29,GOLD",
      "\" edge \",5,0.0,0,1999-09-09,GOLD") + "\n";

  @Test
  void writesTheHeaderFromTheComponents_andQuotesWhatNeedsIt() throws Exception {
    Path file = tmp.resolve("out.csv");

    ConnectorFlows.Outcome o = ConnectorFlows.run(Line.class, Sources.of(LINES), Sinks.csv(file, Line.class));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(o.result().stage("sink").emitted()).as("receipts").isEqualTo(LINES.size());
    assertThat(Files.readString(file)).isEqualTo(LINES_CSV);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void whatTheSinkWrites_theCsvSourceReadsBackAsTheSameItems() throws Exception {
    Path file = tmp.resolve("round.csv");
    List<Line> many = new ArrayList<>();
    for (int i = 0; i < 3000; i++) { // several batches
      many.add(new Line("n" + i + (i % 7 == 0 ? ",\"x\"\n" : ""), i, i / 4.0, i % 3 == 0 ? null : i, LocalDate.ofEpochDay(i),
          i % 2 == 0 ? Tier.GOLD : Tier.SILVER));
    }
    ConnectorFlows.Outcome written = ConnectorFlows.run(Line.class, Sources.of(many), Sinks.csv(file, Line.class));
    assertThat(written.result().state()).isEqualTo(FlowState.COMPLETED);

    List<Line> read = Collections.synchronizedList(new ArrayList<>());
    ConnectorFlows.Outcome back = ConnectorFlows.run(Line.class, Sources.csv(file, Line.class), Sinks.collect(read));

    assertThat(back.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(back.sourceErrors()).isEmpty();
    assertThat(read).containsExactlyElementsOf(many);
  }

  @Test
  void emptyInput_writesTheHeaderOnly() throws Exception {
    Path file = tmp.resolve("empty.csv");

    ConnectorFlows.run(Line.class, Sources.of(List.of()), Sinks.csv(file, Line.class));

    assertThat(Files.readString(file)).isEqualTo("name,qty,price,opt,day,tier\n");
  }

  @Test
  void tsvWithChosenColumnsAndNoHeader() throws Exception {
    Path file = tmp.resolve("out.tsv");
    CsvSinkOptions options = CsvSinkOptions.defaults().tsv().columns("qty", "name").withoutHeader();

    ConnectorFlows.Outcome o =
        ConnectorFlows.run(Line.class, Sources.of(LINES.subList(0, 3)), Sinks.csv(file, Line.class, options));

    assertThat(o.sinkErrors()).isEmpty();
    // Jackson quotes a value holding a comma even when the separator is a tab: still valid, and read back the same
    assertThat(Files.readString(file)).isEqualTo("1\tplain\n2\t\"with, comma\"\n3\t\"say \"\"hi\"\"\"\n");
    record QtyName(int qty, String name) {}
    List<QtyName> back = Collections.synchronizedList(new ArrayList<>());
    ConnectorFlows.run(QtyName.class, Sources.csv(file, QtyName.class, CsvSourceOptions.defaults().tsv().withoutHeader()),
        Sinks.collect(back));
    assertThat(back).containsExactly(new QtyName(1, "plain"), new QtyName(2, "with, comma"), new QtyName(3, "say \"hi\""));
  }

  @Test
  void replace_whileTheRunGoesOn_theTargetKeepsItsOldContent_andTheFlushedRowsAreInTheTemporaryFile()
      throws Exception {
    Path file = Files.writeString(tmp.resolve("live.csv"), "old content\n");
    CountDownLatch release = new CountDownLatch(1);
    Source<Line> source = new Source<>() {
      private int calls;

      @Override
      public boolean next(Emitter<Line> out) throws InterruptedException {
        if (calls++ == 0) {
          LINES.subList(0, 2).forEach(out::emit);
          return true;
        }
        release.await();
        LINES.subList(2, 5).forEach(out::emit);
        return false;
      }
    };
    FlowHandle h = ConnectorFlows.definition(Line.class, source, Sinks.csv(file, Line.class)).builder()
        .journals(Journals.memory()).start();

    Path temp = awaitTempFileWith(2 + 1);
    assertThat(Files.readString(file)).as("the target while the run goes on").isEqualTo("old content\n");
    assertThat(temp.getFileName().toString()).startsWith(".live.csv.").endsWith(".weir-tmp");
    release.countDown();
    ConnectorFlows.Outcome o = ConnectorFlows.await(h);

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(Files.readString(file)).isEqualTo(LINES_CSV);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void replace_aFailedRun_deletesTheTemporaryFile_andLeavesTheTargetAsItWas() throws Exception {
    Path file = Files.writeString(tmp.resolve("keep.csv"), "old content\n");
    Source<Line> failing = new Source<>() {
      private int calls;

      @Override
      public boolean next(Emitter<Line> out) throws IOException {
        if (calls++ == 0) {
          LINES.forEach(out::emit);
          return true;
        }
        throw new IOException("the upstream broke");
      }
    };

    ConnectorFlows.Outcome o = ConnectorFlows.run(Line.class, failing, Sinks.csv(file, Line.class));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(Files.readString(file)).isEqualTo("old content\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void replace_aCancelledRun_deletesTheTemporaryFile_andLeavesTheTargetAsItWas() throws Exception {
    Path file = Files.writeString(tmp.resolve("cancel.csv"), "old content\n");
    Source<Line> endless = new Source<>() {
      private int calls;

      @Override
      public boolean next(Emitter<Line> out) throws InterruptedException {
        if (calls++ == 0) {
          LINES.forEach(out::emit);
          return true;
        }
        Thread.sleep(5);
        return true;
      }
    };
    FlowHandle h = ConnectorFlows.definition(Line.class, endless, Sinks.csv(file, Line.class)).builder()
        .journals(Journals.memory()).start();
    awaitTempFileWith(1 + LINES.size() + 1); // the five rows, one holding a line break

    h.stop(StopMode.CANCEL);
    ConnectorFlows.Outcome o = ConnectorFlows.await(h);

    assertThat(o.result().state()).isEqualTo(FlowState.CANCELLED);
    assertThat(Files.readString(file)).isEqualTo("old content\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void replace_aGracefulStop_endsTheInput_soTheFileIsPutInPlaceWithEveryDeliveredRow() throws Exception {
    Path file = Files.writeString(tmp.resolve("stopped.csv"), "old content\n");
    Source<Line> endless = new Source<>() {
      private long n;

      @Override
      public boolean next(Emitter<Line> out) throws InterruptedException {
        out.emit(new Line("r" + n, (int) n++, 1.0, null, null, Tier.GOLD));
        Thread.sleep(1);
        return true;
      }
    };
    FlowHandle h = ConnectorFlows.definition(Line.class, endless, Sinks.csv(file, Line.class)).builder()
        .journals(Journals.memory()).start();
    awaitTempFileWith(1 + 20);

    h.stop(StopMode.GRACEFUL);
    ConnectorFlows.Outcome o = ConnectorFlows.await(h);

    long delivered = o.result().stage("sink").emitted();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("name,qty,price,opt,day,tier");
    assertThat(lines).hasSize((int) delivered + 1);
    assertThat(lines.get(lines.size() - 1)).isEqualTo("r" + (delivered - 1) + "," + (delivered - 1) + ",1.0,,,GOLD");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void append_writesTheHeaderOnce_andAddsEachRunsRows() throws Exception {
    Path file = tmp.resolve("log.csv");
    CsvSinkOptions append = CsvSinkOptions.defaults().append();

    ConnectorFlows.run(Line.class, Sources.of(LINES.subList(0, 1)), Sinks.csv(file, Line.class, append));
    ConnectorFlows.Outcome second =
        ConnectorFlows.run(Line.class, Sources.of(LINES.subList(1, 2)), Sinks.csv(file, Line.class, append));

    assertThat(second.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(Files.readString(file)).isEqualTo(String.join("\n",
        "name,qty,price,opt,day,tier",
        "plain,1,1.5,7,2026-01-02,GOLD",
        "\"with, comma\",2,2.25,,,SILVER") + "\n");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void append_toAFileWithAnotherHeader_failsTheFlowNamingBothHeaders_andAddsNothing() throws Exception {
    Path file = Files.writeString(tmp.resolve("other.csv"), "id,amount\n1,2\n");

    ConnectorFlows.Outcome o = ConnectorFlows.run(Line.class, Sources.of(LINES),
        Sinks.csv(file, Line.class, CsvSinkOptions.defaults().append()));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(o.result().failure().orElseThrow().getMessage())
        .contains("cannot append to " + file.toAbsolutePath())
        .contains("its header is 'id,amount'")
        .contains("'name,qty,price,opt,day,tier'");
    assertThat(Files.readString(file)).isEqualTo("id,amount\n1,2\n");
  }

  @Test
  void aMissingDirectory_failsTheFlowAtTheFirstFlush_namingIt() throws Exception {
    Path file = tmp.resolve("no/such/dir/out.csv");

    ConnectorFlows.Outcome o = ConnectorFlows.run(Line.class, Sources.of(LINES), Sinks.csv(file, Line.class));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(o.result().failure().orElseThrow().getMessage()).contains("the directory of " + file.toAbsolutePath()
        + " does not exist");
    assertThat(o.sinkErrors()).as("nothing was dead-lettered: the flow failed").isEmpty();
  }

  @Test
  void aPropertyThatIsNotOneValue_isRefusedWhenTheSinkIsMade() {
    assertThatThrownBy(() -> Sinks.csv(tmp.resolve("x.csv"), Nested.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nested's tags (List) is not a text, number")
        .hasMessageContaining("CsvSinkOptions.columns");
    assertThatThrownBy(() -> Sinks.csv(tmp.resolve("x.csv"), Line.class, CsvSinkOptions.defaults().columns("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column [nope] of CsvSinkOptions.columns is not a property of");
  }

  /** Waits (a hang guard, no timing claim) until the sink's temporary file holds {@code lines} lines. */
  private Path awaitTempFileWith(int lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (Path p : leftovers()) {
        try {
          if (Files.readString(p, StandardCharsets.UTF_8).split("\n", -1).length - 1 >= lines) {
            return p;
          }
        } catch (java.nio.file.NoSuchFileException gone) {
          // renamed meanwhile
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no temporary file with " + lines + " lines appeared in " + tmp + ": " + leftovers());
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".weir-tmp")).toList();
    }
  }
}

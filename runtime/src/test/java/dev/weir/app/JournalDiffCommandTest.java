package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.app.RunFixtures.Run;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.journal.Manifest;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journal diff RUN_A RUN_B}: prints the differences of two runs' journals and a summary line;
 * exit 0 when they are the same, 1 when they differ, 2 when either is not a readable run.
 */
class JournalDiffCommandTest {

  @TempDir
  Path root;

  record Item(int id) {}

  record Priced(int id, long cents) {}

  private static final ElementType ITEM = ElementType.of(Item.class, "item", 1);
  private static final ElementType PRICED = ElementType.of(Priced.class, "priced", 1);
  private static final ElementType LONG = ElementType.of(Long.class, "n", 1);

  /**
   * {@code n} items priced at 3 cents an id ({@code surcharged}'s 1000 more); {@code checked}
   * dead-letters ids ending in 7 (the time in the message) and drops multiples of 3; {@code total}
   * (stateful: it has an order journal) sums the cents at its end; a sink.
   */
  static FlowDefinition shop(int n, int surcharged) {
    Transform<Priced, Priced> check = (Priced p, Emitter<Priced> out) -> {
      if (p.id() % 10 == 7) {
        throw new IllegalArgumentException("item " + p.id() + " ends in 7 (seen at " + System.nanoTime() + " ns)");
      }
      if (p.id() % 3 != 0) {
        out.emit(p);
      }
    };
    Stateful<Priced, long[], Long> total = new Stateful<>() {
      @Override
      public long[] initial() {
        return new long[1];
      }

      @Override
      public long[] accumulate(long[] state, Priced in) {
        state[0] += in.cents();
        return state;
      }

      @Override
      public void emit(long[] state, Emitter<Long> out) {
        out.emit(state[0]);
      }

      @Override
      public EmitPolicy policy() {
        return EmitPolicy.onEnd();
      }
    };
    return FlowDefinition.define("shop")
        .stage(StageDefinition.source("items", ITEM, f -> Sources.range(n, i -> new Item((int) i))))
        .stage(StageDefinition.transform("priced", StageKind.TRANSFORM, ITEM, PRICED,
            f -> Transforms.map((Item i) -> new Priced(i.id(), i.id() * 3L + (i.id() == surcharged ? 1000 : 0)))))
        .stage(StageDefinition.transform("checked", StageKind.TRANSFORM, PRICED, PRICED, f -> check))
        .stage(StageDefinition.transform("total", StageKind.STATEFUL, PRICED, LONG, f -> total))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("items", "priced", "checked", "total", "out")
        .build();
  }

  private Path run(int n, int surcharged) throws Exception {
    return RunFixtures.run(root, shop(n, surcharged), FlowState.COMPLETED);
  }

  // 30 items + end; 30 priced + end; 7, 17, 27 dead-lettered, 9 multiples of 3 dropped: 18 checked + end
  // and 3 dead letters + end; the total and its end, its order journal's end; a receipt and its end; the
  // other error journals an end each
  private static final long RECORDS = 31 + 1 + 31 + 1 + 19 + 4 + 2 + 1 + 1 + 2 + 1;

  @Test
  void twoRunsOfOneFlow_areTheSame_exit0() throws Exception {
    Path a = run(30, -1);
    Path b = run(30, -1);

    Run r = RunFixtures.tool("journal", "diff", a.toString(), b.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).isEqualTo("same: " + RECORDS + " records in 11 journals\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void oneEventFewer_printsTheDifferencesAndExits1() throws Exception {
    // item 30 is a multiple of 3: checked drops it, so only items and priced hold it
    Path a = run(31, -1);
    Path b = run(30, -1);

    Run r = RunFixtures.tool("journal", "diff", a.toString(), b.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("""
        items.data seq 31: kind differs: DATA vs END_OF_STREAM; correlation id differs: 31 vs 0
        items.data: A has 32 records, B has 31 (first missing seq 32)
        priced.data seq 31: kind differs: DATA vs END_OF_STREAM; parent differs: items#31 vs -; correlation id \
        differs: 31 vs 0
        priced.data: A has 32 records, B has 31 (first missing seq 32)
        differ: 4 differences in 2 journals (%d records compared)
        """.formatted(RECORDS));
  }

  @Test
  void oneChangedPrice_printsWhereItIs_andTheChecksumsItChanged() throws Exception {
    Path a = run(30, -1);
    Path b = run(30, 13);

    Run r = RunFixtures.tool("journal", "diff", a.toString(), b.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    // item 13 is priced.data seq 14 and checked's 8th output (1, 2, 4, 5, 8, 10, 11, 13); the total
    // of the 18 that pass, 3 cents an id, is 3 * 276 = 828
    assertThat(lines).hasSize(7);
    assertThat(lines.get(0)).isEqualTo("priced.data seq 14: payload differs: {\"id\":13,\"cents\":39} vs {\"id\":13,"
        + "\"cents\":1039}");
    assertThat(lines.get(1)).matches("priced\\.data seq 31: end of stream differs: EndOfStream\\[lastSeq=30, checksum="
        + "-?\\d+\\] vs EndOfStream\\[lastSeq=30, checksum=-?\\d+\\]");
    assertThat(lines.get(2)).isEqualTo("checked.data seq 8: payload differs: {\"id\":13,\"cents\":39} vs {\"id\":13,"
        + "\"cents\":1039}");
    assertThat(lines.get(3)).startsWith("checked.data seq 19: end of stream differs: EndOfStream[lastSeq=18, ");
    assertThat(lines.get(4)).isEqualTo("total.data seq 1: payload differs: 828 vs 1828");
    assertThat(lines.get(5)).startsWith("total.data seq 2: end of stream differs: EndOfStream[lastSeq=1, ");
    assertThat(lines.get(6)).isEqualTo("differ: 6 differences in 3 journals (" + RECORDS + " records compared)");
  }

  @Test
  void aJournalCutShortInACopy_isALengthDifference_exit1() throws Exception {
    Path a = run(30, -1);
    Path b = a.resolveSibling("cut-copy");
    RunFixtures.copy(a, b);
    Path dir = b.resolve(Manifest.read(a).stage("checked").orElseThrow().errors());
    Path segment;
    try (Stream<Path> s = Files.list(dir)) {
      segment = s.filter(p -> p.getFileName().toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 3); // into its last record, the error journal's end of stream
    }

    Run r = RunFixtures.tool("journal", "diff", a.toString(), b.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    // the torn tail is said too (its offset depends on the dead letters' messages, which hold a time,
    // and its size on its time stamp's delta from the record before; 3 bytes of it are cut off)
    assertThat(r.out()).matches("checked\\.errors: A has 4 records, B has 3 \\(first missing seq 4\\)\n"
        + "note: B: journal checked\\.errors: torn tail in 00000000000000000001\\.seg at offset \\d+ \\(seq 4\\): frame"
        + " of (\\d+) bytes, only \\d+ present\n"
        + "differ: 1 difference in 1 journal \\(" + (RECORDS - 1) + " records compared\\)\n");
    java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("frame of (\\d+) bytes, only (\\d+) present")
        .matcher(r.out());
    assertThat(sizes.find()).isTrue();
    assertThat(Integer.parseInt(sizes.group(1)) - Integer.parseInt(sizes.group(2))).isEqualTo(3);
  }

  @Test
  void aMissingDirectory_orOneThatIsNoRun_exits2_namingIt() throws Exception {
    Path a = run(5, -1);
    Path missing = root.resolve("nosuch");
    Path notRun = Files.createDirectories(root.resolve("not-a-run"));
    Files.writeString(notRun.resolve("notes.txt"), "not a run");

    Run gone = RunFixtures.tool("journal", "diff", a.toString(), missing.toString());
    assertThat(gone.code()).isEqualTo(2);
    assertThat(gone.out()).isEmpty();
    assertThat(gone.err()).isEqualTo("journal diff: cannot compare " + a + " with " + missing + ": " + missing
        + " does not exist or is not a directory (" + missing.toAbsolutePath().normalize() + ")\n");

    Run other = RunFixtures.tool("journal", "diff", notRun.toString(), a.toString());
    assertThat(other.code()).isEqualTo(2);
    assertThat(other.out()).isEmpty();
    assertThat(other.err()).isEqualTo("journal diff: cannot compare " + notRun + " with " + a + ": " + notRun
        + " is not a Weir run directory: it has no manifest.json\n");

    Run one = RunFixtures.tool("journal", "diff", a.toString());
    assertThat(one.code()).isEqualTo(2);
    assertThat(one.err()).startsWith("Missing required parameter: 'RUN_B'");
  }

  @Test
  void sealedRuns_withoutTheKey_exit2_sayingWhichKey() throws Exception {
    Assumptions.assumeTrue(System.getenv("WEIR_JOURNAL_KEY") == null, "WEIR_JOURNAL_KEY is set in this environment");
    byte[] key = "the run key".getBytes(StandardCharsets.UTF_8);
    Path[] runs = new Path[2];
    for (int i = 0; i < 2; i++) {
      FlowHandle h = shop(10, -1).builder().journals(Journals.disk(root).durability(Durability.none()).key(key)).start();
      assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
      runs[i] = h.journals().directory().orElseThrow();
    }

    Run r = RunFixtures.tool("journal", "diff", runs[0].toString(), runs[1].toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("journal diff: cannot compare " + runs[0] + " with " + runs[1] + ": run " + runs[0]
        + " was sealed with an HMAC key: give the same key (WEIR_JOURNAL_KEY) to read and verify it");
  }

  @Test
  void help_saysWhatIsCompared_andTheExitCodes() {
    Run r = RunFixtures.tool("journal", "diff", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: weir journal diff [-hV] RUN_A RUN_B")
        .contains("Exit code 0 when the runs are the same, 1 when they differ, 2")
        .contains("dead letter's message");
  }
}

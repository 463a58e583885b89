package dev.weir.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.flow.DiskJournals;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.EndOfStream;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunComparison}: two runs of one deterministic flow on disk are the same record for record,
 * whatever their timestamps, run ids and dead letter messages; a changed payload, one event fewer,
 * a journal cut short or a stateful stage's different input are found and said exactly.
 */
class RunComparisonTest {

  @TempDir
  Path root;

  record Item(int id) {}

  record Priced(int id, long cents) {}

  static final ElementType ITEM = ElementType.of(Item.class, "item", 1);
  static final ElementType PRICED = ElementType.of(Priced.class, "priced", 1);
  static final ElementType LONG = ElementType.of(Long.class, "n", 1);

  /**
   * {@code n} items, priced at 3 cents an id (the prices of the ids in {@code surcharged} 1000 cents
   * more); {@code checked} dead-letters ids ending in 7 (with the time in the message) and drops
   * multiples of 3; a sink.
   */
  static FlowDefinition orders(int n, int... surcharged) {
    java.util.Set<Integer> extra = java.util.Arrays.stream(surcharged).boxed().collect(java.util.stream.Collectors.toSet());
    Transform<Priced, Priced> check = (Priced p, Emitter<Priced> out) -> {
      if (p.id() % 10 == 7) {
        throw new IllegalArgumentException("item " + p.id() + " ends in 7 (seen at " + System.nanoTime() + " ns)");
      }
      if (p.id() % 3 != 0) {
        out.emit(p);
      }
    };
    return FlowDefinition.define("orders")
        .stage(StageDefinition.source("items", ITEM, f -> Sources.range(n, i -> new Item((int) i))))
        .stage(StageDefinition.transform("priced", StageKind.TRANSFORM, ITEM, PRICED,
            f -> Transforms.map((Item i) -> new Priced(i.id(), i.id() * 3L + (extra.contains(i.id()) ? 1000 : 0)))))
        .stage(StageDefinition.transform("checked", StageKind.TRANSFORM, PRICED, PRICED, f -> check))
        .stage(StageDefinition.sink("out", PRICED, f -> (Sink<Priced>) x -> {}))
        .chain("items", "priced", "checked", "out")
        .build();
  }

  /** {@code n} numbers 1..n summed by a stateful stage that emits every 10 inputs and keeps its sum. */
  static FlowDefinition sums(int n) {
    Stateful<Long, long[], Long> sum = new Stateful<>() {
      @Override
      public long[] initial() {
        return new long[1];
      }

      @Override
      public long[] accumulate(long[] state, Long in) {
        state[0] += in;
        return state;
      }

      @Override
      public void emit(long[] state, Emitter<Long> out) {
        out.emit(state[0]);
      }

      @Override
      public EmitPolicy policy() {
        return EmitPolicy.everyN(10).thenKeep();
      }
    };
    return FlowDefinition.define("sums")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG, f -> sum))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("numbers", "sums", "out")
        .build();
  }

  /** A completed run of {@code def} on disk under the temporary root; its run directory. */
  Path run(FlowDefinition def) throws Exception {
    return run(def, j -> j);
  }

  Path run(FlowDefinition def, UnaryOperator<DiskJournals> journals) throws Exception {
    FlowHandle h = def.builder().journals(journals.apply(Journals.disk(root).durability(Durability.none()))).start();
    FlowResult r = h.await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    return h.journals().directory().orElseThrow();
  }

  /** The journals of the 50-item orders run and their record counts (each with its end of stream). */
  static final List<String> ORDER_JOURNALS = List.of("items.data 51", "items.errors 1", "priced.data 51",
      "priced.errors 1", "checked.data 30", "checked.errors 6", "out.data 30", "out.errors 1");

  // 50 items + end; none failed; 50 priced + end; ids ending in 7 (7, 17, 27, 37, 47) dead-lettered,
  // multiples of 3 but 27 (16 of them) dropped: 29 checked + end, 5 dead letters + end; 29 receipts + end
  static final long ORDER_RECORDS = 51 + 1 + 51 + 1 + 30 + 6 + 30 + 1;

  private static List<String> counts(RunComparison c) {
    return c.journals().stream().map(j -> j.journal() + " " + j.recordsA()).toList();
  }

  @Test
  void twoRunsOfOneFlow_areTheSame_thoughTheirDeadLetterMessagesAndTimestampsDiffer() throws Exception {
    Path a = run(orders(50));
    Path b = run(orders(50));
    assertThat(a).isNotEqualTo(b);

    RunComparison c = RunComparison.compare(a, b, null);

    assertThat(c.differences()).isEmpty();
    assertThat(c.notes()).isEmpty();
    assertThat(c.same()).isTrue();
    assertThat(c.recordsCompared()).isEqualTo(ORDER_RECORDS);
    assertThat(counts(c)).containsExactlyElementsOf(ORDER_JOURNALS);
    assertThat(c.journals()).allMatch(j -> j.recordsA() == j.recordsB() && j.compared() == j.recordsA() && j.same());
    assertThat(c.summary()).isEqualTo("same: " + ORDER_RECORDS + " records in 8 journals");
    // what the comparison leaves out does differ: the dead letters' messages
    try (RunArchive ra = RunArchive.open(a, null); RunArchive rb = RunArchive.open(b, null)) {
      assertThat(ra.errors("checked").deadLetters().get(0).message())
          .isNotEqualTo(rb.errors("checked").deadLetters().get(0).message());
    }
  }

  @Test
  void oneChangedPrice_isFoundInEveryJournalThatHoldsIt_andInTheEndsOfStreamItsChecksumIsIn() throws Exception {
    Path a = run(orders(50));
    Path b = run(orders(50, 13));

    RunComparison c = RunComparison.compare(a, b, null);

    EndOfStream[] ends = ends(a, b, "priced", "checked");
    // item 13 is priced.data seq 14; it passes checked, whose 8th output it is (1, 2, 4, 5, 8, 10, 11, 13)
    assertThat(c.differences()).containsExactly(
        "priced.data seq 14: payload differs: {\"id\":13,\"cents\":39} vs {\"id\":13,\"cents\":1039}",
        "priced.data seq 51: end of stream differs: " + ends[0] + " vs " + ends[1],
        "checked.data seq 8: payload differs: {\"id\":13,\"cents\":39} vs {\"id\":13,\"cents\":1039}",
        "checked.data seq 30: end of stream differs: " + ends[2] + " vs " + ends[3]);
    assertThat(ends[0].lastSeq()).isEqualTo(ends[1].lastSeq()).isEqualTo(50);
    assertThat(c.same()).isFalse();
    assertThat(c.differenceCount()).isEqualTo(4);
    assertThat(c.recordsCompared()).isEqualTo(ORDER_RECORDS);
    assertThat(c.summary()).isEqualTo("differ: 4 differences in 2 journals (" + ORDER_RECORDS + " records compared)");
  }

  /** The end-of-stream payloads of {@code stages}' data journals in run A, then in B, per stage. */
  private static EndOfStream[] ends(Path a, Path b, String... stages) throws Exception {
    EndOfStream[] out = new EndOfStream[stages.length * 2];
    try (RunArchive ra = RunArchive.open(a, null); RunArchive rb = RunArchive.open(b, null)) {
      for (int i = 0; i < stages.length; i++) {
        out[2 * i] = ra.data(stages[i]).endOfStream().orElseThrow();
        out[2 * i + 1] = rb.data(stages[i]).endOfStream().orElseThrow();
      }
    }
    return out;
  }

  @Test
  void oneEventFewer_isALengthDifference_namingTheFirstMissingSeq() throws Exception {
    // item 48 is a multiple of 3: checked drops it, so only items and priced hold it
    Path a = run(orders(49));
    Path b = run(orders(48));

    RunComparison c = RunComparison.compare(a, b, null);

    assertThat(c.differences()).containsExactly(
        "items.data seq 49: kind differs: DATA vs END_OF_STREAM; correlation id differs: 49 vs 0",
        "items.data: A has 50 records, B has 49 (first missing seq 50)",
        "priced.data seq 49: kind differs: DATA vs END_OF_STREAM; parent differs: items#49 vs -; correlation id"
            + " differs: 49 vs 0",
        "priced.data: A has 50 records, B has 49 (first missing seq 50)");
    // A (49 items) holds 167 records: item 49 is not there to pass checked; of them 165 have a counterpart in B
    assertThat(c.summary()).isEqualTo("differ: 4 differences in 2 journals (165 records compared)");
    RunComparison.JournalResult items = c.journals().get(0);
    assertThat(items).isEqualTo(new RunComparison.JournalResult("items.data", 50, 49, 49, 2));

    // the other way round, B is the longer
    RunComparison back = RunComparison.compare(b, a, null);
    assertThat(back.differences()).contains("items.data: A has 49 records, B has 50 (first missing seq 50)");
  }

  @Test
  void aJournalCutShortInACopyOfTheRun_isALengthDifference() throws Exception {
    Path a = run(orders(50));
    Path b = root.resolve("orders").resolve("copy");
    copy(a, b);
    Path segment;
    try (Stream<Path> s = Files.list(b.resolve(a.relativize(a.resolve(manifestDir(a, "checked")))))) {
      segment = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    long size = Files.size(segment);
    try (var ch = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(size - 3); // into the last record: the journal's end of stream
    }

    RunComparison c = RunComparison.compare(a, b, null);

    assertThat(c.differences()).containsExactly("checked.data: A has 30 records, B has 29 (first missing seq 30)");
    assertThat(c.notes()).singleElement().asString()
        .startsWith("B: journal checked.data: torn tail in 00000000000000000001.seg at offset ")
        .containsPattern(" \\(seq 30\\): frame of \\d+ bytes, only \\d+ present$"); // its size depends on the timestamp delta
    assertThat(c.summary()).isEqualTo("differ: 1 difference in 1 journal (" + (ORDER_RECORDS - 1) + " records compared)");
  }

  private static String manifestDir(Path run, String stage) throws Exception {
    return Manifest.read(run).stage(stage).orElseThrow().data();
  }

  @Test
  void manyDifferences_listTheFirst20OfAJournal_andCountTheRest() throws Exception {
    int[] all = java.util.stream.IntStream.range(0, 50).toArray();
    Path a = run(orders(50));
    Path b = run(orders(50, all));

    RunComparison c = RunComparison.compare(a, b, null);

    // priced: 50 payloads and its end of stream; checked: its 29 outputs and its end of stream (the
    // dead letters' inputs differ too: 5)
    List<String> priced = c.differences().stream().filter(l -> l.startsWith("priced.")).toList();
    assertThat(priced).hasSize(21);
    assertThat(priced.get(0)).isEqualTo("priced.data seq 1: payload differs: {\"id\":0,\"cents\":0} vs {\"id\":0,"
        + "\"cents\":1000}");
    assertThat(priced.get(19)).startsWith("priced.data seq 20: payload differs: ");
    assertThat(priced.get(20)).isEqualTo("priced.data: 31 more differences not listed");
    assertThat(c.differences()).contains("checked.errors seq 1: dead letter input differs: {\"id\":7,\"cents\":21} vs"
        + " {\"id\":7,\"cents\":1021}", "checked.data: 10 more differences not listed");
    assertThat(c.differenceCount()).isEqualTo(51 + 30 + 5);
    assertThat(c.summary()).isEqualTo("differ: 86 differences in 3 journals (" + ORDER_RECORDS + " records compared)");
  }

  @Test
  void aStatefulStage_itsRunsAreTheSame_andADifferentSumIsFound() throws Exception {
    Path a = run(sums(40));
    Path b = run(sums(40));

    RunComparison same = RunComparison.compare(a, b, null);

    assertThat(same.differences()).isEmpty();
    // numbers: 40 + end; sums: the sums at 10, 20, 30, 40 and at its end, and its end of stream;
    // out: 5 receipts + end; the errors journals: an end each; sums.order: its end of stream only
    // (a stateful stage without a timer records no runs of its one input)
    assertThat(same.journals().stream().map(j -> j.journal() + " " + j.compared()).toList()).containsExactly(
        "numbers.data 41", "numbers.errors 1", "sums.data 6", "sums.errors 1", "sums.order 1", "out.data 6",
        "out.errors 1");
    assertThat(same.summary()).isEqualTo("same: 57 records in 7 journals");

    Path c = run(sums(41));
    RunComparison differ = RunComparison.compare(a, c, null);
    EndOfStream[] ends = ends(a, c, "sums");
    assertThat(differ.differences()).containsExactly(
        "numbers.data seq 41: kind differs: END_OF_STREAM vs DATA; correlation id differs: 0 vs 41",
        "numbers.data: A has 41 records, B has 42 (first missing seq 42)",
        "sums.data seq 5: payload differs: 820 vs 861",
        "sums.data seq 6: end of stream differs: " + ends[0] + " vs " + ends[1]);
    assertThat(differ.summary()).isEqualTo("differ: 4 differences in 2 journals (57 records compared)");
  }

  /**
   * {@code n} numbers 1..n summed by a stateful stage with an hourly timer, which never fires in the
   * run but makes the stage record in its order journal how many inputs each poll took (so that a
   * replay fires a timer where it fired), and the sum at its end.
   */
  static FlowDefinition timedSums(int n, int bufferSize) {
    Stateful<Long, long[], Long> sum = new Stateful<>() {
      @Override
      public long[] initial() {
        return new long[1];
      }

      @Override
      public long[] accumulate(long[] state, Long in) {
        state[0] += in;
        return state;
      }

      @Override
      public void emit(long[] state, Emitter<Long> out) {
        out.emit(state[0]);
      }

      @Override
      public EmitPolicy policy() {
        return EmitPolicy.every(java.time.Duration.ofHours(1)).thenKeep();
      }
    };
    return FlowDefinition.define("timed")
        .bufferSize(bufferSize)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG, f -> sum))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) x -> {}))
        .chain("numbers", "sums", "out")
        .build();
  }

  @Test
  void anOrderJournal_isComparedByWhatItsStageConsumed_howeverManyRecordsEachPollTook() throws Exception {
    // 3,000 numbers through a ring of 16: the stage polls many times, a number of times that is timing
    Path a = run(timedSums(3000, 16));
    Path b = run(timedSums(3000, 1024));

    RunComparison same = RunComparison.compare(a, b, null);

    assertThat(same.differences()).isEmpty();
    // sums.order: its polls of input 0 (3,000 numbers and the end) are one entry, then its end of stream
    RunComparison.JournalResult order = same.journals().stream().filter(j -> j.journal().equals("sums.order"))
        .findFirst().orElseThrow();
    assertThat(order.compared()).isEqualTo(2);
    assertThat(order.recordsA()).isGreaterThan(2);
    // numbers: 3,000 + end; sums: the sum at its end + end; out: a receipt + end; errors: an end each
    assertThat(same.summary()).isEqualTo("same: " + (3001 + 1 + 2 + 1 + 2 + 2 + 1) + " records in 7 journals");

    Path c = run(timedSums(2999, 1024));
    RunComparison differ = RunComparison.compare(a, c, null);
    assertThat(differ.differences()).contains(
        "sums.order entry 1 (A seq 1, B seq 1): consumed 3001 records of input 0 vs consumed 3000 records of input 0;"
            + " the rest of this order journal is not compared");
  }

  @Test
  void sealedRuns_areComparedWithTheirKey_andRefusedWithoutIt() throws Exception {
    byte[] key = "the run key".getBytes(StandardCharsets.UTF_8);
    Path a = run(orders(50), j -> j.key(key));
    Path b = run(orders(50), j -> j.key(key));

    assertThat(RunComparison.compare(a, b, key).summary()).isEqualTo("same: " + ORDER_RECORDS + " records in 8 journals");
    assertThatThrownBy(() -> RunComparison.compare(a, b, null)).isInstanceOf(JournalException.class)
        .hasMessageContaining("run " + a + " was sealed with an HMAC key: give the same key (WEIR_JOURNAL_KEY)");
  }

  @Test
  void differentFlows_andStages_areDifferencesOfTheRunsAsAWhole() throws Exception {
    Path a = run(orders(10));
    Path b = run(sums(10));

    RunComparison c = RunComparison.compare(a, b, null);

    assertThat(c.differences()).containsExactly(
        "flow differs: A is 'orders', B is 'sums'",
        "stage 'items' is only in A (B has [numbers, sums, out])",
        "stage 'priced' is only in A (B has [numbers, sums, out])",
        "stage 'checked' is only in A (B has [numbers, sums, out])",
        "stage 'numbers' is only in B (A has [items, priced, checked, out])",
        "stage 'sums' is only in B (A has [items, priced, checked, out])",
        // the one stage both have is compared: orders' 5 receipts (ids 1, 2, 4, 5, 8) with the sums' 2 (10, end)
        "out.data seq 1: parent differs: checked#1 vs sums#1; correlation id differs: 2 vs 10",
        "out.data seq 2: parent differs: checked#2 vs sums#2; correlation id differs: 3 vs 0",
        "out.data seq 3: kind differs: RECEIPT vs END_OF_STREAM; parent differs: checked#3 vs -; correlation id"
            + " differs: 5 vs 0",
        "out.data: A has 6 records, B has 3 (first missing seq 4)");
    assertThat(c.journals().get(0)).isEqualTo(new RunComparison.JournalResult(RunComparison.MANIFEST, 0, 0, 0, 6));
    assertThat(c.journals().stream().map(RunComparison.JournalResult::journal).toList())
        .containsExactly(RunComparison.MANIFEST, "out.data", "out.errors");
  }

  @Test
  void aDirectoryThatIsNoRun_isRefusedNamingIt() throws Exception {
    Path a = run(orders(5));
    Path missing = root.resolve("nosuch");
    Path notRun = Files.createDirectories(root.resolve("not-a-run"));

    assertThatThrownBy(() -> RunComparison.compare(a, missing, null)).isInstanceOf(java.io.IOException.class)
        .hasMessage(missing + " does not exist or is not a directory (" + missing.toAbsolutePath().normalize() + ")");
    assertThatThrownBy(() -> RunComparison.compare(notRun, a, null)).isInstanceOf(java.io.IOException.class)
        .hasMessage(notRun + " is not a Weir run directory: it has no manifest.json");
  }

  static void copy(Path from, Path to) throws java.io.IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws java.io.IOException {
        Files.createDirectories(to.resolve(from.relativize(d)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws java.io.IOException {
        Files.copy(f, to.resolve(from.relativize(f)));
        return FileVisitResult.CONTINUE;
      }
    });
  }
}

package dev.weir.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on resume: fan-in, file sinks, fusion, timers, error budgets, a deleted segment, a failing error journal. */
class ResumeAttackTest {

  public record Row(int id, String name) {}

  static final ElementType ROW = ElementType.of(Row.class);
  static final ElementType LONG = ElementType.of(Long.class);
  static final int ROWS = 3000;

  @TempDir
  Path dir;

  static FlowDefinition csvFlow(Path csv, Sink<Long> out) {
    return FlowDefinition.define("attack-csv").bufferSize(64)
        .stage(StageDefinition.source("rows", ROW, f -> Sources.csv(csv, Row.class)))
        .stage(StageDefinition.transform("ids", StageKind.TRANSFORM, ROW, LONG, f -> Transforms.map((Row r) -> (long) r.id())))
        .stage(StageDefinition.sink("out", LONG, f -> out))
        .chain("rows", "ids", "out")
        .build();
  }

  Path writeCsv() throws IOException {
    StringBuilder sb = new StringBuilder("id,name\n");
    for (int i = 1; i <= ROWS; i++) {
      sb.append(i % 50 == 0 ? "x" + i : String.valueOf(i)).append(",n").append(i).append('\n');
    }
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, sb.toString());
    return csv;
  }

  /** Writes to the errors journal of 'rows' fail from the {@code failAt}-th write on (as a crash between the two flushes would leave it). */
  static final class FailSourceErrors implements FileFaults {
    final AtomicInteger writes = new AtomicInteger();
    final int failAt;

    FailSourceErrors(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public FileChannel open(Path file) throws IOException {
      FileChannel real = FileFaults.NONE.open(file);
      boolean target = file.toString().contains("rows") && file.toString().contains("err");
      if (!target) {
        return real;
      }
      return new DelegatingChannel(real) {
        @Override
        public int write(ByteBuffer src) throws IOException {
          if (writes.incrementAndGet() >= failAt) {
            throw new IOException("injected: errors journal write lost");
          }
          return delegate.write(src);
        }
      };
    }
  }

  @Test
  void csvSource_errorsJournalBehindData_resumed() throws Exception {
    Path csv = writeCsv();
    Path refRoot = dir.resolve("ref");
    FlowHandle ref = csvFlow(csv, v -> {}).builder().journals(Journals.disk(refRoot)).start();
    assertThat(ref.await().state()).isEqualTo(FlowState.COMPLETED);
    Path refDir = ref.journals().directory().orElseThrow();

    Path root = dir.resolve("runs");
    FailSourceErrors faults = new FailSourceErrors(3);
    FlowHandle h = csvFlow(csv, v -> {}).builder().journals(new FaultInjectingJournals(Journals.disk(root), faults)).start();
    FlowResult r1 = h.await();
    Path runDir = h.journals().directory().orElseThrow();
    try (RunArchive a = RunArchive.open(runDir, null)) {
    }
    List<Long> got = new ArrayList<>();
    FlowResult r2 = csvFlow(csv, got::add).builder().journals(Journals.disk(root)).resumeFrom(runDir).start().await();
    RunComparison c = RunComparison.compare(refDir, runDir, null);
    try (RunArchive a = RunArchive.open(runDir, null)) {
      List<Long> ids = new ArrayList<>();
      for (JournalRecord rec : a.data("ids").readAll(RecordKind.DATA)) {
        ids.add(Long.parseLong(String.valueOf(rec.payload())));
      }
      long distinct = ids.stream().distinct().count();
      assertThat(ids).hasSize(ROWS - ROWS / 50);
      assertThat(distinct).isEqualTo(ids.size());
    }
    assertThat(c.differences()).isEmpty();
  }

  static volatile boolean block;
  static final java.util.concurrent.CountDownLatch[] GATE = new java.util.concurrent.CountDownLatch[2];

  static FlowDefinition sinkFlow(long n, long k, Sink<Row> out) {
    return FlowDefinition.define("attack-sink").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("gate", StageKind.TRANSFORM, LONG, ROW, f -> (dev.weir.api.Transform<Long, Row>) (v, o) -> {
          if (block && v == k) {
            GATE[0].countDown();
            GATE[1].await();
          }
          if (v % 3 == 0) {
            o.emit(new Row(v.intValue(), "a" + v));
            o.emit(new Row(v.intValue(), "b" + v));
          } else {
            o.emit(new Row(v.intValue(), "n" + v));
          }
        }))
        .stage(StageDefinition.sink("out", ROW, f -> out))
        .chain("numbers", "gate", "out")
        .build();
  }

  Path cancelledAt(Path root, long n, long k, java.util.function.Supplier<Sink<Row>> out, int threads) throws Exception {
    GATE[0] = new java.util.concurrent.CountDownLatch(1);
    GATE[1] = new java.util.concurrent.CountDownLatch(1);
    block = true;
    dev.weir.flow.FlowBuilder b = sinkFlow(n, k, out.get()).builder().journals(Journals.disk(root));
    if (threads > 0) {
      b.threads(threads);
    }
    FlowHandle h = b.start();
    assertThat(GATE[0].await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    h.stop(dev.weir.flow.StopMode.CANCEL);
    GATE[1].countDown();
    FlowResult r = h.await();
    block = false;
    return h.journals().directory().orElseThrow();
  }

  void checkFile(Path file, long n) throws IOException {
    List<String> lines = Files.readAllLines(file);
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String l : lines.subList(1, lines.size())) {
      counts.merge(l, 1, Integer::sum);
    }
    long dups = counts.values().stream().filter(c -> c > 1).count();
    long expected = n + n / 3;
    assertThat(lines.size() - 1).isEqualTo(expected);
    assertThat(dups).isZero();
  }

  void csvSink(dev.weir.api.CsvSinkOptions opts, String name) throws Exception {
    long n = 3000;
    Path refFile = dir.resolve("ref-" + name + ".csv");
    FlowHandle ref = sinkFlow(n, 0, dev.weir.api.Sinks.csv(refFile, Row.class, opts)).builder().journals(Journals.disk(dir.resolve("ref"))).start();
    assertThat(ref.await().state()).isEqualTo(FlowState.COMPLETED);
    checkFile(refFile, n);
    Path file = dir.resolve(name + ".csv");
    Path root = dir.resolve("runs");
    Path runDir = cancelledAt(root, n, 1500, () -> dev.weir.api.Sinks.csv(file, Row.class, opts), 0);
    if (Files.exists(file)) {
    }
    FlowResult r2 = sinkFlow(n, 0, dev.weir.api.Sinks.csv(file, Row.class, opts)).builder().journals(Journals.disk(root)).resumeFrom(runDir).start().await();
    RunComparison c = RunComparison.compare(ref.journals().directory().orElseThrow(), runDir, null);
    checkFile(file, n);
    assertThat(c.differences()).isEmpty();
  }

  @Test
  void csvSinkAppend() throws Exception {
    csvSink(dev.weir.api.CsvSinkOptions.defaults().append(), "append");
  }

  @Test
  void csvSinkReplace() throws Exception {
    csvSink(dev.weir.api.CsvSinkOptions.defaults().replace(), "replace");
  }

  @Test
  void threadsOne() throws Exception {
    long n = 5000;
    FlowHandle ref = sinkFlow(n, 0, v -> {}).builder().journals(Journals.disk(dir.resolve("ref"))).threads(1).start();
    assertThat(ref.await().state()).isEqualTo(FlowState.COMPLETED);
    Path root = dir.resolve("runs");
    AtomicInteger first = new AtomicInteger();
    Path runDir = cancelledAt(root, n, 2500, () -> v -> first.incrementAndGet(), 1);
    AtomicInteger second = new AtomicInteger();
    FlowResult r2 = sinkFlow(n, 0, v -> second.incrementAndGet()).builder().journals(Journals.disk(root)).threads(1).resumeFrom(runDir).start().await();
    RunComparison c = RunComparison.compare(ref.journals().directory().orElseThrow(), runDir, null);
    try (RunArchive a = RunArchive.open(runDir, null)) {
      List<Long> receipted = new ArrayList<>();
      for (JournalRecord rec : a.data("out").readAll(RecordKind.RECEIPT)) {
        receipted.add(rec.parent().seq());
      }
    }
    assertThat(c.differences()).isEmpty();
  }

  static FlowDefinition timerFlow(long n, long k) {
    return FlowDefinition.define("attack-timer").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("gate", StageKind.TRANSFORM, LONG, LONG, f -> (dev.weir.api.Transform<Long, Long>) (v, o) -> {
          if (block && v == k) {
            GATE[0].countDown();
            GATE[1].await();
          }
          if (v % 200 == 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
          }
          o.emit(v);
        }))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
            f -> dev.weir.api.Aggregations.reduce(() -> 0L, (Long a, Long v) -> a + v)
                .emitting(dev.weir.api.EmitPolicy.every(java.time.Duration.ofMillis(3)).thenReset())))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "gate", "sums", "out")
        .build();
  }

  @Test
  void statefulTimers() throws Exception {
    long n = 20_000;
    Path root = dir.resolve("runs");
    GATE[0] = new java.util.concurrent.CountDownLatch(1);
    GATE[1] = new java.util.concurrent.CountDownLatch(1);
    block = true;
    FlowHandle h = timerFlow(n, 9000).builder().journals(Journals.disk(root)).start();
    assertThat(GATE[0].await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50); // timers fire with nothing new
    h.stop(dev.weir.flow.StopMode.CANCEL);
    GATE[1].countDown();
    assertThat(h.await().state()).isEqualTo(FlowState.CANCELLED);
    block = false;
    Path runDir = h.journals().directory().orElseThrow();
    for (int round = 0; round < 2; round++) {
      FlowResult r2 = timerFlow(n, 0).builder().journals(Journals.disk(root)).resumeFrom(runDir).start().await();
      if (r2.state() == FlowState.COMPLETED) {
        break;
      }
    }
    try (RunArchive a = RunArchive.open(runDir, null)) {
      long total = 0;
      long count = 0;
      for (JournalRecord rec : a.data("sums").readAll(RecordKind.DATA)) {
        total += Long.parseLong(String.valueOf(rec.payload()));
        count++;
      }
      long receipts = a.data("out").readAll(RecordKind.RECEIPT).size();
      assertThat(total).isEqualTo(n * (n + 1) / 2);
      assertThat(receipts).isEqualTo(count);
    }
    assertThat(RunArchive.verify(runDir, null)).allMatch(RunArchive.JournalCheck::ok);
  }

  @Test
  void deletedSegment_inTheMiddle_isRefusedNamingTheGap() throws Exception {
    long n = 5000;
    Path root = dir.resolve("runs");
    Path runDir = cancelledAtSmallSegments(root, n, 3000);
    List<Path> segs;
    try (var st = Files.list(runDir.resolve("gate.data"))) {
      segs = st.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
    assertThat(segs).hasSizeGreaterThan(2);
    Files.delete(segs.get(segs.size() / 2));
    assertThatThrownBy(() -> sinkFlow(n, 0, v -> {}).builder().journals(Journals.disk(root).segmentBytes(16 << 10))
        .resumeFrom(runDir).start())
        .hasMessageContaining("cannot resume")
        .hasMessageContaining("gate.data")
        .hasMessageContaining("a segment is missing or out of place")
        .hasMessageContaining("nothing was started");
  }

  Path cancelledAtSmallSegments(Path root, long n, long k) throws Exception {
    GATE[0] = new java.util.concurrent.CountDownLatch(1);
    GATE[1] = new java.util.concurrent.CountDownLatch(1);
    block = true;
    FlowHandle h = sinkFlow(n, k, v -> {}).builder().journals(Journals.disk(root).segmentBytes(16 << 10)).start();
    assertThat(GATE[0].await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    h.stop(dev.weir.flow.StopMode.CANCEL);
    GATE[1].countDown();
    h.await();
    block = false;
    return h.journals().directory().orElseThrow();
  }

  static FlowDefinition budgetFlow(long n, long k) {
    return FlowDefinition.define("attack-budget").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("checked", StageKind.TRANSFORM, LONG, LONG, f -> (dev.weir.api.Transform<Long, Long>) (v, o) -> {
          if (block && v == k) {
            GATE[0].countDown();
            GATE[1].await();
          }
          if (v % 97 == 0) {
            throw new dev.weir.api.StageException(dev.weir.api.ErrorKind.VALIDATION, "multiple of 97: " + v);
          }
          o.emit(v);
        }))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "checked", "out")
        .build();
  }

  @Test
  void errorBudget() throws Exception {
    long n = 4000; // 41 dead letters
    dev.weir.flow.ErrorBudget budget = dev.weir.flow.ErrorBudget.maxErrors(45);
    FlowResult ref = budgetFlow(n, 0).builder().journals(Journals.disk(dir.resolve("ref"))).errorBudget("checked", budget).start().await();
    Path root = dir.resolve("runs");
    GATE[0] = new java.util.concurrent.CountDownLatch(1);
    GATE[1] = new java.util.concurrent.CountDownLatch(1);
    block = true;
    FlowHandle h = budgetFlow(n, 2500).builder().journals(Journals.disk(root)).errorBudget("checked", budget).start();
    assertThat(GATE[0].await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    h.stop(dev.weir.flow.StopMode.CANCEL);
    GATE[1].countDown();
    h.await();
    block = false;
    Path runDir = h.journals().directory().orElseThrow();
    FlowResult r2 = budgetFlow(n, 0).builder().journals(Journals.disk(root)).errorBudget("checked", budget).resumeFrom(runDir).start().await();
    // a budget-failed run, resumed
    FlowResult f1 = budgetFlow(n, 0).builder().journals(Journals.disk(root)).errorBudget("checked", dev.weir.flow.ErrorBudget.maxErrors(10)).start().await();
    Path failedDir;
    try (var st = Files.list(root.resolve("attack-budget"))) {
      failedDir = st.sorted().toList().get(1);
    }
    FlowResult f2 = budgetFlow(n, 0).builder().journals(Journals.disk(root)).errorBudget("checked", budget).resumeFrom(failedDir).start().await();
    if (f2.state() == FlowState.COMPLETED) {
      FlowHandle ok = budgetFlow(n, 0).builder().journals(Journals.disk(dir.resolve("ref2"))).errorBudget("checked", budget).start();
      ok.await();
      RunComparison c = RunComparison.compare(ok.journals().directory().orElseThrow(), failedDir, null);
    }
  }

  static FlowDefinition fanInFlow(long n, long k, boolean liveJoin) {
    var b = FlowDefinition.define("attack-fanin").bufferSize(64)
        .stage(StageDefinition.source("a", LONG, f -> Sources.range(n, i -> 2 * i + 2)))
        .stage(StageDefinition.source("b", LONG, f -> Sources.range(n, i -> 2 * i + 1)))
        .stage(StageDefinition.source("rates", LONG, f -> Sources.range(10, i -> i)))
        .stage(StageDefinition.transform("merge", StageKind.TRANSFORM, LONG, LONG, f -> (dev.weir.api.Transform<Long, Long>) (v, o) -> {
          if (block && v == k) {
            GATE[0].countDown();
            GATE[1].await();
          }
          o.emit(v);
          if (v % 5 == 0) {
            o.emit(-v);
          }
        }))
        .stage(StageDefinition.join("joined", LONG, LONG, LONG, f -> {
          dev.weir.api.Join<Long, Long, Long> j = dev.weir.api.Joins.inner((Long r) -> r, (Long v) -> Math.abs(v) % 10,
              (Long r, Long v) -> r * 1_000_000_000L + v);
          return liveJoin ? j.live() : j;
        }))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {
          if (sinkBlock && ++sinkSeen[0] == 2000) {
            GATE[0].countDown();
            GATE[1].await();
          }
        }))
        .edge(EdgeDefinition.forward("a", "merge"))
        .edge(EdgeDefinition.forward("b", "merge"))
        .edge(EdgeDefinition.forward("merge", "joined"))
        .edge(EdgeDefinition.reference("rates", "joined"))
        .edge(EdgeDefinition.forward("joined", "out"));
    return b.build();
  }

  static volatile boolean sinkBlock;
  static final long[] sinkSeen = {0};

  @Test
  void fanInSinkBlocked() throws Exception {
    sinkBlock = true;
    try {
      fanIn(false);
    } finally {
      sinkBlock = false;
    }
  }

  void fanIn(boolean live) throws Exception {
    long n = 3000;
    Path root = dir.resolve("runs");
    GATE[0] = new java.util.concurrent.CountDownLatch(1);
    GATE[1] = new java.util.concurrent.CountDownLatch(1);
    block = true;
    FlowHandle h = fanInFlow(n, sinkBlock ? -1 : 3001, live).builder().journals(Journals.disk(root)).start();
    assertThat(GATE[0].await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    h.stop(dev.weir.flow.StopMode.CANCEL);
    GATE[1].countDown();
    assertThat(h.await().state()).isEqualTo(FlowState.CANCELLED);
    block = false;
    sinkBlock = false;
    Path runDir = h.journals().directory().orElseThrow();
    try (RunArchive a = RunArchive.open(runDir, null)) {
      var order = a.order("merge").orElseThrow().readAll(RecordKind.CONSUMED);
      long[] consumed = new long[2];
      for (JournalRecord rec : order) {
        var c = (dev.weir.event.Consumed) rec.payload();
        consumed[c.input()] += c.count();
      }
      long[] parents = new long[2];
      for (JournalRecord rec : a.data("merge").readAll(RecordKind.DATA)) {
        parents[rec.parent().stage().equals("a") ? 0 : 1] = Math.max(parents[rec.parent().stage().equals("a") ? 0 : 1], rec.parent().seq());
      }
    }
    FlowResult r2 = fanInFlow(n, 0, live).builder().journals(Journals.disk(root)).resumeFrom(runDir).start().await();
    try (RunArchive a = RunArchive.open(runDir, null)) {
      List<Long> receipted = new ArrayList<>();
      for (JournalRecord rec : a.data("out").readAll(RecordKind.RECEIPT)) {
        receipted.add(rec.parent().seq());
      }
      List<Long> merged = new ArrayList<>();
      for (JournalRecord rec : a.data("merge").readAll(RecordKind.DATA)) {
        merged.add(Long.parseLong(String.valueOf(rec.payload())));
      }
      long joined = a.data("joined").recordsBeforeEnd();
      assertThat(merged.stream().distinct().count()).isEqualTo(2 * n + 2 * n / 5);
      assertThat(merged).hasSize((int) (2 * n + 2 * n / 5));
      assertThat(receipted).hasSize((int) joined);
    }
    assertThat(RunArchive.verify(runDir, null)).allMatch(RunArchive.JournalCheck::ok);
  }

  @Test
  void fanInFinite() throws Exception {
    fanIn(false);
  }

  @Test
  void fanInLive() throws Exception {
    fanIn(true);
  }

  @Test
  void statefulBlockedInHandlerAtCancel() throws Exception {
    long n = 20_000;
    java.util.function.LongFunction<FlowDefinition> flow = k -> FlowDefinition.define("attack-stateful").bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
            f -> dev.weir.api.Aggregations.reduce(() -> 0L, (Long a, Long v) -> {
              if (block && v == k) {
                GATE[0].countDown();
                while (GATE[1].getCount() > 0) {
                  java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
              }
              if (v % 500 == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
              }
              return a + v;
            }).emitting(dev.weir.api.EmitPolicy.every(java.time.Duration.ofMillis(2)).thenReset())))
        .stage(StageDefinition.sink("out", LONG, f -> (Sink<Long>) v -> {}))
        .chain("numbers", "sums", "out")
        .build();
    Path root = dir.resolve("runs");
    GATE[0] = new java.util.concurrent.CountDownLatch(1);
    GATE[1] = new java.util.concurrent.CountDownLatch(1);
    block = true;
    FlowHandle h = flow.apply(9000).builder().journals(Journals.disk(root)).start();
    assertThat(GATE[0].await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    h.stop(dev.weir.flow.StopMode.CANCEL);
    Thread.sleep(20);
    GATE[1].countDown();
    assertThat(h.await().state()).isEqualTo(FlowState.CANCELLED);
    block = false;
    Path runDir = h.journals().directory().orElseThrow();
    FlowResult r2 = flow.apply(0).builder().journals(Journals.disk(root)).resumeFrom(runDir).start().await();
    try (RunArchive a = RunArchive.open(runDir, null)) {
      long total = 0;
      for (JournalRecord rec : a.data("sums").readAll(RecordKind.DATA)) {
        total += Long.parseLong(String.valueOf(rec.payload()));
      }
    }
  }
}

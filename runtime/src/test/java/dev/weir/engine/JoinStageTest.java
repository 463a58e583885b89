package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Emitter;
import dev.weir.api.Join;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.flow.RecordKind;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.JournalRecord;
import dev.weir.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JoinStageTest {

  record Product(int id, String name) {}

  record Sale(long saleId, int productId) {}

  record Line(long saleId, String product) {}

  private static final ElementType PRODUCT = ElementType.of(Product.class);
  private static final ElementType SALE = ElementType.of(Sale.class);
  private static final ElementType LINE = ElementType.of(Line.class);

  private static Source<Product> products(int count) {
    return Sources.range(count, i -> new Product((int) i, "p" + i));
  }

  private static FlowDefinition flow(Source<Product> refs, Source<Sale> sales, Join<Product, Sale, Line> join,
      Sink<Line> sink, int bufferSize) {
    return FlowDefinition.define("join")
        .bufferSize(bufferSize)
        .stage(StageDefinition.source("products", PRODUCT, f -> refs))
        .stage(StageDefinition.source("sales", SALE, f -> sales))
        .stage(StageDefinition.join("enrich", PRODUCT, SALE, LINE, f -> join))
        .stage(StageDefinition.sink("lines", LINE, f -> sink))
        .edge(EdgeDefinition.reference("products", "enrich"))
        .edge(EdgeDefinition.forward("sales", "enrich"))
        .edge(EdgeDefinition.forward("enrich", "lines"))
        .build();
  }

  private static Join<Product, Sale, Line> inner() {
    return Joins.inner(Product::id, Sale::productId, (p, s) -> new Line(s.saleId(), p.name()));
  }

  @Test
  void innerFinite_enrichesMatches_dropsTheRest_inStreamOrder() throws Exception {
    List<Line> out = new ArrayList<>();
    FlowHandle h = flow(products(10), Sources.range(100, i -> new Sale(i, (int) (i % 20))), inner(), out::add, 1024)
        .builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).hasSize(50);
    assertThat(out.get(0)).isEqualTo(new Line(0, "p0"));
    assertThat(out.get(49)).isEqualTo(new Line(89, "p9"));
    assertThat(out).extracting(Line::saleId).isSorted();
    JournalRecord first = h.journals().data("enrich").readAll().get(0);
    assertThat(first.parent()).isEqualTo(new EventRef("sales", 1));
    assertThat(first.joined()).isEqualTo(new EventRef("products", 1));
  }

  @Test
  void leftFinite_emitsEveryStreamEvent() throws Exception {
    List<Line> out = new ArrayList<>();
    Join<Product, Sale, Line> left = Joins.left(Product::id, Sale::productId,
        (Optional<Product> p, Sale s) -> new Line(s.saleId(), p.map(Product::name).orElse("?")));
    FlowResult r = flow(products(2), Sources.of(new Sale(1, 0), new Sale(2, 5), new Sale(3, 1)), left, out::add, 64)
        .builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).containsExactly(new Line(1, "p0"), new Line(2, "?"), new Line(3, "p1"));
  }

  @Test
  void strict_unmatchedEvent_goesToTheErrorJournal_andFailsTheFlowWithItsKey() throws Exception {
    Join<Product, Sale, Line> strict = Joins.strict(Product::id, Sale::productId, (p, s) -> new Line(s.saleId(), p.name()));
    FlowHandle h = flow(products(3), Sources.of(new Sale(1, 0), new Sale(2, 42), new Sale(3, 1)), strict, x -> {}, 64)
        .builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .isEqualTo("strict join 'enrich': no reference for key 42 (stream event sales#2)");
    List<JournalRecord> dead = h.journals().errors("enrich").readAll(RecordKind.ERROR);
    assertThat(dead).hasSize(1);
    assertThat(((DeadLetter) dead.get(0).payload()).input()).isEqualTo(new Sale(2, 42));
  }

  @Test
  void finite_streamWaitsInItsRingWhileTheReferenceLoads_nothingLostOrReordered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Source<Product> slowRefs = new Source<>() {
      int next;

      @Override
      public boolean next(Emitter<Product> out) throws InterruptedException {
        if (next == 5) {
          release.await();
        }
        out.emit(new Product(next, "p" + next));
        return ++next < 10;
      }
    };
    List<Line> out = new ArrayList<>();
    int buffer = 64;
    FlowHandle h = flow(slowRefs, Sources.range(10_000, i -> new Sale(i, (int) (i % 10))), inner(), out::add, buffer)
        .builder().start();
    Await.until("the sales source to fill its ring while the reference loads", Duration.ofSeconds(10),
        () -> h.journals().data("sales").lastSeq() >= buffer);
    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // let the stream side push as far as it can
    long salesWrittenWhileLoading = h.journals().data("sales").lastSeq();
    long joinedWhileLoading = h.journals().data("enrich").lastSeq();
    release.countDown();
    FlowResult r = h.await();

    assertThat(joinedWhileLoading).isZero();
    // the stream side is held by its ring (plus one source call's batch in hand), not buffered by the join
    assertThat(salesWrittenWhileLoading).isLessThanOrEqualTo(buffer + 512);
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).hasSize(10_000);
    for (int i = 0; i < out.size(); i++) {
      assertThat(out.get(i)).isEqualTo(new Line(i, "p" + (i % 10)));
    }
  }

  @Test
  void live_latestReferencePerKeyWins_andEachOutputNamesItsReference() throws Exception {
    CountDownLatch secondVersion = new CountDownLatch(1);
    CountDownLatch firstSalesDone = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<FlowHandle> handle = new java.util.concurrent.atomic.AtomicReference<>();
    Source<Product> refs = new Source<>() {
      int call;

      @Override
      public boolean next(Emitter<Product> out) throws InterruptedException {
        if (call++ == 0) {
          out.emit(new Product(1, "old"));
          return true;
        }
        firstSalesDone.await();
        out.emit(new Product(1, "new"));
        secondVersion.countDown();
        return false;
      }
    };
    Source<Sale> sales = new Source<>() {
      int call;

      @Override
      public boolean next(Emitter<Sale> out) throws InterruptedException {
        if (call++ == 0) {
          return true;
        }
        if (call == 2) {
          out.emit(new Sale(1, 1));
          return true;
        }
        firstSalesDone.countDown();
        secondVersion.await();
        // the new version is emitted but may not be published yet: wait until the join consumed it
        Await.until("the join to consume the second reference version",
            () -> handle.get() != null && referencesConsumed(handle.get()) >= 2);
        out.emit(new Sale(2, 1));
        return false;
      }
    };
    List<Line> out = new java.util.concurrent.CopyOnWriteArrayList<>();
    FlowHandle h = flow(refs, sales, inner().live(), out::add, 64).builder().start();
    handle.set(h);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    // the first sale may arrive before any reference (then it is dropped), else it sees "old"
    assertThat(out.get(out.size() - 1)).isEqualTo(new Line(2, "new"));
    JournalRecord last = h.journals().data("enrich").readAll().get((int) h.journals().data("enrich").lastSeq() - 2);
    assertThat(last.joined()).isEqualTo(new EventRef("products", 2));
  }

  /** Reference records (input 0 of the join) the join has consumed, from its order journal. */
  private static long referencesConsumed(FlowHandle h) {
    return h.journals().order("enrich").orElseThrow().readAll().stream()
        .map(rec -> (dev.weir.event.Consumed) rec.payload())
        .filter(c -> c.input() == 0)
        .mapToLong(dev.weir.event.Consumed::count)
        .sum();
  }

  @Test
  void live_busyReferenceSide_doesNotStarveTheStream() throws Exception {
    AtomicLong streamSeenAt = new AtomicLong(-1);
    AtomicLong refsRead = new AtomicLong();
    Join<Product, Sale, Line> observing = new Join<>() {
      final Join<Product, Sale, Line> inner = Joins.left(Product::id, Sale::productId,
          (Optional<Product> p, Sale s) -> new Line(s.saleId(), p.map(Product::name).orElse("?"))).live();

      @Override
      public Kind kind() {
        return inner.kind();
      }

      @Override
      public ReferenceMode referenceMode() {
        return ReferenceMode.LIVE;
      }

      @Override
      public Object referenceKey(Product reference) throws Exception {
        refsRead.incrementAndGet();
        return inner.referenceKey(reference);
      }

      @Override
      public Object streamKey(Sale event) throws Exception {
        streamSeenAt.compareAndSet(-1, refsRead.get());
        return inner.streamKey(event);
      }

      @Override
      public Line combine(Optional<Product> reference, Sale event) throws Exception {
        return inner.combine(reference, event);
      }

      @Override
      public Join<Product, Sale, Line> live() {
        return this;
      }
    };
    List<Line> out = new ArrayList<>();
    FlowResult r = flow(Sources.range(2_000_000, i -> new Product((int) i, "p")), Sources.of(new Sale(1, 1)), observing, out::add, 1024)
        .builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).hasSize(1);
    assertThat(streamSeenAt.get()).as("references read before the first stream event")
        .isLessThan(refsRead.get());
  }

  @Test
  void finiteJoinWhoseSidesShareASource_failsToStartInsteadOfHanging() throws Exception {
    FlowDefinition def = FlowDefinition.define("selfjoin")
        .stage(Flows.source("numbers", Sources.range(10, i -> i)))
        .stage(Flows.transform("evens", Transforms.filter((Long x) -> x % 2 == 0)))
        .stage(StageDefinition.join("pair", Flows.LONG, Flows.LONG, Flows.LONG,
            f -> Joins.inner((Long x) -> x, (Long x) -> x, (Long a, Long b) -> a + b)))
        .stage(Flows.sink("out", x -> {}))
        .edge(EdgeDefinition.forward("numbers", "evens"))
        .edge(EdgeDefinition.reference("evens", "pair"))
        .edge(EdgeDefinition.forward("numbers", "pair"))
        .edge(EdgeDefinition.forward("pair", "out"))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains(
        "join 'pair' reads its reference 'evens' to the end before its stream 'numbers', but both descend from [numbers]");
  }

  @Test
  void liveJoinWhoseSidesShareASource_works() throws Exception {
    List<Long> out = new ArrayList<>();
    FlowDefinition def = FlowDefinition.define("selfjoinLive")
        .bufferSize(16)
        .stage(Flows.source("numbers", Sources.range(10_000, i -> i)))
        .stage(Flows.transform("same", Transforms.map((Long x) -> x)))
        .stage(StageDefinition.join("pair", Flows.LONG, Flows.LONG, Flows.LONG,
            f -> Joins.left((Long x) -> x, (Long x) -> x, (Optional<Long> a, Long b) -> b).live()))
        .stage(Flows.sink("out", out::add))
        .edge(EdgeDefinition.forward("numbers", "same"))
        .edge(EdgeDefinition.reference("same", "pair"))
        .edge(EdgeDefinition.forward("numbers", "pair"))
        .edge(EdgeDefinition.forward("pair", "out"))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).hasSize(10_000);
  }

  @Test
  void chainedJoins_andAReferenceThatIsATransformOfASource() throws Exception {
    record Enriched(long saleId, String product, String category) {}
    ElementType enriched = ElementType.of(Enriched.class);
    ElementType category = ElementType.of(String.class);
    List<Enriched> out = new ArrayList<>();
    FlowDefinition def = FlowDefinition.define("chained")
        .stage(StageDefinition.source("products", PRODUCT, f -> products(100)))
        .stage(StageDefinition.source("categories", category, f -> Sources.of("even", "odd")))
        .stage(StageDefinition.transform("upper", StageKind.TRANSFORM, category, category,
            f -> Transforms.map((String c) -> c.toUpperCase())))
        .stage(StageDefinition.source("sales", SALE, f -> Sources.range(1000, i -> new Sale(i, (int) (i % 100)))))
        .stage(StageDefinition.join("byProduct", PRODUCT, SALE, LINE, f -> inner()))
        .stage(StageDefinition.join("byCategory", category, LINE, enriched, f -> Joins.inner(
            (String c) -> c.equals("EVEN") ? 0 : 1,
            (Line l) -> Integer.parseInt(l.product().substring(1)) % 2,
            (String c, Line l) -> new Enriched(l.saleId(), l.product(), c))))
        .stage(StageDefinition.sink("out", enriched, f -> (Sink<Enriched>) out::add))
        .edge(EdgeDefinition.forward("categories", "upper"))
        .edge(EdgeDefinition.reference("products", "byProduct"))
        .edge(EdgeDefinition.forward("sales", "byProduct"))
        .edge(EdgeDefinition.reference("upper", "byCategory"))
        .edge(EdgeDefinition.forward("byProduct", "byCategory"))
        .edge(EdgeDefinition.forward("byCategory", "out"))
        .build();

    FlowResult r = def.builder().start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).hasSize(1000);
    assertThat(out.get(7)).isEqualTo(new Enriched(7, "p7", "ODD"));
    assertThat(out.get(42)).isEqualTo(new Enriched(42, "p42", "EVEN"));
  }

  @Test
  void largeReference_andMillionEventStream_completeInBoundedMemory() throws Exception {
    int products = 100_000;
    int sales = 1_000_000;
    long retain = 100_000;
    long before = usedHeapAfterGc();
    AtomicLong count = new AtomicLong();
    AtomicLong checksum = new AtomicLong();
    FlowHandle h = flow(products(products), Sources.range(sales, i -> new Sale(i, (int) ((i * 7) % products))),
        inner(), line -> {
          count.incrementAndGet();
          checksum.addAndGet(line.saleId() ^ line.product().hashCode());
        }, 1024)
        .builder().journals(Journals.memory(retain)).start();
    FlowResult r = h.await();
    // measured while the handle, and with it every journal of the run, is still strongly reachable
    long retained = usedHeapAfterGc() - before;

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(count.get()).isEqualTo(sales);
    long expected = 0;
    for (long i = 0; i < sales; i++) {
      expected += i ^ ("p" + ((i * 7) % products)).hashCode();
    }
    assertThat(checksum.get()).isEqualTo(expected);
    // every journal ends with its stage's end of stream
    assertThat(h.journals().data("sales").lastSeq()).isEqualTo(sales + 1);
    assertThat(h.journals().data("enrich").lastSeq()).isEqualTo(sales + 1);
    // What keeping every record would cost, counted low: a memory journal record is at least 49 bytes
    // of columns (kind 1, parent stage and seq 12, joined stage and seq 12, depth 4, correlation 8,
    // timestamp 8, where its payload bytes end 4) plus its encoded payload; the sales and enrich
    // journals each hold a million records.
    long salePayload = h.journals().data("sales").read(sales - 1, 1).get(0).payloadBytes().length;
    long linePayload = h.journals().data("enrich").read(sales - 1, 1).get(0).payloadBytes().length;
    long retainingAll = 2L * sales * 49 + sales * salePayload + sales * linePayload;
    assertThat(retained)
        .as("heap held by the finished run while its handle is reachable (keeping everything: >= %d MB)",
            retainingAll >> 20)
        .isLessThan(retainingAll / 2); // the 100 000-product reference and the windows stay held: about a third
    System.out.printf("join run: %d MB held after the run, keeping everything would be >= %d MB%n", retained >> 20,
        retainingAll >> 20);
    var salesJournal = h.journals().data("sales");
    assertThat(salesJournal.read(sales - retain + 1, 1).get(0).seq()).as("the window still holds the newest sales")
        .isEqualTo(sales - retain + 1);
    assertThatThrownBy(() -> salesJournal.read(1, 1)).as("a released sale is an error, not a shorter list")
        .hasMessageContaining("seq 1 was released");
    java.lang.ref.Reference.reachabilityFence(h);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(20);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}

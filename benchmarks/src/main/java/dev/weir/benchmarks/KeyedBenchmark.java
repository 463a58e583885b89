package dev.weir.benchmarks;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import dev.weir.api.Aggregations;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keyed workloads side by side: a group-by over 10 000 keys and a join against a 10 000-row
 * catalog, each on Weir (memory journals keeping the newest 64 Ki records per journal, so the heap
 * stays bounded) and on a raw Disruptor chain doing the same work (a HashMap in one handler thread,
 * no journal, no contract). Prints events/s and the ratio, best and median of the measured runs.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/weir-benchmarks.jar dev.weir.benchmarks.KeyedBenchmark [events] [runs]</pre>
 */
public final class KeyedBenchmark {

  static final int KEYS = 10_000;

  /** A sale of {@code amount} for product {@code key}. */
  public record Sale(long key, long amount) {}

  /** A catalog row. */
  public record Product(long id, long price) {}

  /** A sale with its product's price. */
  public record Priced(long key, long amount, long price) {}

  private KeyedBenchmark() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 3_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.printf("keyed workloads: %,d events, %d keys, %d measured runs after 2 warm-ups, 2 cores%n",
        events, KEYS, runs);
    List<double[]> groupBy = new ArrayList<>();
    List<double[]> join = new ArrayList<>();
    for (int r = 0; r < runs + 2; r++) {
      double wg = weirGroupBy(events);
      double rg = rawGroupBy(events);
      double wj = weirJoin(events);
      double rj = rawJoin(events);
      if (r >= 2) {
        groupBy.add(new double[] {wg, rg});
        join.add(new double[] {wj, rj});
      }
    }
    print("group-by (10k keys)", groupBy);
    print("join (10k-row catalog)", join);
  }

  private static void print(String what, List<double[]> rows) {
    double[] weir = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
    double[] raw = rows.stream().mapToDouble(r -> r[1]).sorted().toArray();
    double wMed = weir[weir.length / 2];
    double rMed = raw[raw.length / 2];
    System.out.printf("%-24s weir %6.2f M ev/s (best %5.2f)   raw disruptor %6.2f M ev/s (best %5.2f)   weir/raw %.2f%n",
        what, wMed / 1e6, weir[weir.length - 1] / 1e6, rMed / 1e6, raw[raw.length - 1] / 1e6, wMed / rMed);
  }

  static double weirGroupBy(long n) throws Exception {
    return weirGroupBy(n, i -> i % KEYS);
  }

  /**
   * Keys drawn from a Zipf distribution (exponent 1) over {@code keys} keys: a table of
   * {@code 2^20} draws (seeded, so every run sees the same keys), read cyclically by event index.
   */
  static java.util.function.LongUnaryOperator zipf(int keys) {
    double[] cdf = new double[keys];
    double total = 0;
    for (int k = 0; k < keys; k++) {
      total += 1.0 / (k + 1);
      cdf[k] = total;
    }
    long[] table = new long[1 << 20];
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    for (int i = 0; i < table.length; i++) {
      int at = java.util.Arrays.binarySearch(cdf, random.nextDouble() * total);
      table[i] = Math.min(keys - 1, at < 0 ? -at - 1 : at);
    }
    return i -> table[(int) (i & (table.length - 1))];
  }

  static double weirGroupBy(long n, java.util.function.LongUnaryOperator keyOf) throws Exception {
    ElementType sale = ElementType.of(Sale.class);
    ElementType total = ElementType.of(Long.class);
    AtomicLong totals = new AtomicLong();
    FlowDefinition def = FlowDefinition.define("groupby")
        .stage(StageDefinition.source("sales", sale, f -> Sources.range(n, i -> new Sale(keyOf.applyAsLong(i), i % 100))))
        .stage(StageDefinition.transform("perKey", StageKind.STATEFUL, sale, total,
            f -> Aggregations.groupBy(Sale::key, () -> 0L, (Long acc, Sale s) -> acc + s.amount())))
        .stage(StageDefinition.sink("out", total, f -> (Sink<Long>) totals::addAndGet))
        .chain("sales", "perKey", "out")
        .build();
    long t0 = System.nanoTime();
    FlowResult r = def.builder().journals(Journals.memory(1 << 16)).start().await();
    long t1 = System.nanoTime();
    check(r, totals.get(), expectedAmount(n));
    return n / ((t1 - t0) / 1e9);
  }

  static double weirJoin(long n) throws Exception {
    ElementType product = ElementType.of(Product.class);
    ElementType sale = ElementType.of(Sale.class);
    ElementType priced = ElementType.of(Priced.class);
    AtomicLong sum = new AtomicLong();
    FlowDefinition def = FlowDefinition.define("join")
        .stage(StageDefinition.source("catalog", product, f -> Sources.range(KEYS, i -> new Product(i, i % 7))))
        .stage(StageDefinition.source("sales", sale, f -> Sources.range(n, i -> new Sale(i % KEYS, 1))))
        .stage(StageDefinition.join("price", product, sale, priced,
            f -> Joins.inner(Product::id, Sale::key, (Product p, Sale s) -> new Priced(s.key(), s.amount(), p.price()))))
        .stage(StageDefinition.sink("out", priced, f -> (Sink<Priced>) p -> sum.addAndGet(p.price())))
        .edge(EdgeDefinition.reference("catalog", "price"))
        .edge(EdgeDefinition.forward("sales", "price"))
        .edge(EdgeDefinition.forward("price", "out"))
        .build();
    long t0 = System.nanoTime();
    FlowResult r = def.builder().journals(Journals.memory(1 << 16)).start().await();
    long t1 = System.nanoTime();
    check(r, sum.get(), expectedPrices(n));
    return n / ((t1 - t0) / 1e9);
  }

  /** A mutable ring slot for the raw chains. */
  static final class Slot {
    long key;
    long amount;
    long price;
  }

  static double rawGroupBy(long n) throws Exception {
    return rawGroupBy(n, i -> i % KEYS);
  }

  static double rawGroupBy(long n, java.util.function.LongUnaryOperator keyOf) throws Exception {
    RingBuffer<Slot> in = RingBuffer.createSingleProducer(Slot::new, 1024, new YieldingWaitStrategy());
    RingBuffer<Slot> out = RingBuffer.createSingleProducer(Slot::new, 1024, new YieldingWaitStrategy());
    Map<Long, long[]> totals = new HashMap<>();
    EventHandler<Slot> agg = (e, seq, end) -> {
      if (e.key < 0) { // end of input: emit one total per key
        for (long[] t : totals.values()) {
          long s = out.next();
          out.get(s).amount = t[0];
          out.get(s).key = 0;
          out.publish(s);
        }
        long s = out.next();
        out.get(s).key = -1;
        out.publish(s);
        return;
      }
      totals.computeIfAbsent(e.key, k -> new long[1])[0] += e.amount;
    };
    long[] sum = new long[1];
    CountDownLatch done = new CountDownLatch(1);
    EventHandler<Slot> sink = (e, seq, end) -> {
      if (e.key < 0) {
        done.countDown();
      } else {
        sum[0] += e.amount;
      }
    };
    return runRaw(in, out, agg, sink, done, n, (s, i) -> {
      s.key = keyOf.applyAsLong(i);
      s.amount = i % 100;
    }, () -> sum[0], expectedAmount(n));
  }

  static double rawJoin(long n) throws Exception {
    RingBuffer<Slot> in = RingBuffer.createSingleProducer(Slot::new, 1024, new YieldingWaitStrategy());
    RingBuffer<Slot> out = RingBuffer.createSingleProducer(Slot::new, 1024, new YieldingWaitStrategy());
    Map<Long, Long> catalog = new HashMap<>();
    for (long i = 0; i < KEYS; i++) {
      catalog.put(i, i % 7);
    }
    EventHandler<Slot> join = (e, seq, end) -> {
      long s = out.next();
      Slot o = out.get(s);
      o.key = e.key;
      if (e.key >= 0) {
        Long price = catalog.get(e.key);
        o.amount = e.amount;
        o.price = price == null ? 0 : price;
      }
      out.publish(s);
    };
    long[] sum = new long[1];
    CountDownLatch done = new CountDownLatch(1);
    EventHandler<Slot> sink = (e, seq, end) -> {
      if (e.key < 0) {
        done.countDown();
      } else {
        sum[0] += e.price;
      }
    };
    return runRaw(in, out, join, sink, done, n, (s, i) -> {
      s.key = i % KEYS;
      s.amount = 1;
    }, () -> sum[0], expectedPrices(n));
  }

  private interface Fill {
    void fill(Slot s, long i);
  }

  private static double runRaw(RingBuffer<Slot> in, RingBuffer<Slot> out, EventHandler<Slot> work,
      EventHandler<Slot> sink, CountDownLatch done, long n, Fill fill, java.util.function.LongSupplier result,
      long expected) throws Exception {
    BatchEventProcessorBuilder b = new BatchEventProcessorBuilder();
    BatchEventProcessor<Slot> p1 = b.build(in, in.newBarrier(), work);
    in.addGatingSequences(p1.getSequence());
    BatchEventProcessor<Slot> p2 = b.build(out, out.newBarrier(), sink);
    out.addGatingSequences(p2.getSequence());
    Thread t1 = new Thread(p1, "raw-work");
    Thread t2 = new Thread(p2, "raw-sink");
    t1.start();
    t2.start();
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      long s = in.next();
      fill.fill(in.get(s), i);
      in.publish(s);
    }
    long s = in.next();
    in.get(s).key = -1;
    in.publish(s);
    done.await();
    long elapsed = System.nanoTime() - t0;
    p1.halt();
    p2.halt();
    t1.join();
    t2.join();
    if (result.getAsLong() != expected) {
      throw new IllegalStateException("raw chain got " + result.getAsLong() + ", expected " + expected);
    }
    return n / (elapsed / 1e9);
  }

  static long expectedAmount(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += i % 100;
    }
    return sum;
  }

  private static long expectedPrices(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) {
      sum += (i % KEYS) % 7;
    }
    return sum;
  }

  private static void check(FlowResult r, long got, long expected) {
    if (r.state() != FlowState.COMPLETED || got != expected) {
      throw new IllegalStateException("weir run " + r + " got " + got + ", expected " + expected);
    }
  }
}

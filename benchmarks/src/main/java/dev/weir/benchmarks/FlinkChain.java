package dev.weir.benchmarks;

import java.io.Serial;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Apache Flink as its users write a staged pipeline: a local environment with parallelism 1 and
 * otherwise default settings, {@code env.fromSequence(0, n - 1)}, D {@code map(x -> x + 1)}
 * operators, and a {@code sinkTo} writer feeding the counting sink. By default Flink chains the
 * operators onto one task thread. The first map also stamps the event's send time (the source is
 * Flink's own). Functions reach this run's {@link Tally} through a static registry, since Flink
 * serializes them.
 */
final class FlinkChain implements Chain {

  private static final Map<Long, Tally> TALLIES = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();

  @Override
  public String name() {
    return "flink";
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) throws Exception {
    if (idle) {
      throw new UnsupportedOperationException("flink has no idle form in this harness");
    }
    long id = IDS.incrementAndGet();
    TALLIES.put(id, tally);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    DataStream<Long> stream = env.fromSequence(0, tally.expected() - 1).map(new FirstIncrement(id));
    for (int i = 1; i < depth; i++) {
      stream = stream.map(new Increment());
    }
    stream.sinkTo(new CountingSink(id));
    CompletableFuture<Void> done = new CompletableFuture<>();
    Threads threads = new Threads(name());
    threads.named("execute", () -> {
      try {
        env.execute("weir-bench");
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }).start();
    return new Run() {
      @Override
      public void finish(long timeoutMillis) throws Exception {
        done.get(timeoutMillis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() throws Exception {
        try {
          threads.interruptAll();
          threads.joinAll(20_000);
        } finally {
          TALLIES.remove(id);
        }
      }
    };
  }

  /** {@code x -> x + 1}. */
  static final class Increment implements MapFunction<Long, Long> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Long map(Long x) {
      return x + 1;
    }
  }

  /** {@code x -> x + 1}, stamping the send time of the sampled inputs first. */
  static final class FirstIncrement implements MapFunction<Long, Long> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final long id;
    private transient Tally tally;

    FirstIncrement(long id) {
      this.id = id;
    }

    @Override
    public Long map(Long x) {
      if (tally == null) {
        tally = TALLIES.get(id);
      }
      tally.sent(x);
      return x + 1;
    }
  }

  /** Hands every element to the run's {@link Tally}. */
  static final class CountingSink implements Sink<Long> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final long id;

    CountingSink(long id) {
      this.id = id;
    }

    @Override
    public SinkWriter<Long> createWriter(WriterInitContext context) {
      Tally tally = TALLIES.get(id);
      return new SinkWriter<>() {
        @Override
        public void write(Long value, Context c) {
          tally.received(value);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}

package dev.weir.resume;

import dev.weir.api.AsyncTransform;
import dev.weir.api.Aggregations;
import dev.weir.api.Effect;
import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transforms;
import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The deterministic flows the resume tests interrupt and resume. {@link #chain} has no fan-in, so
 * two runs of it journal exactly the same records (timestamps aside), and a resumed run can be
 * compared with an uninterrupted one record for record:
 *
 * <pre>
 * numbers |> checked |> priced |> joined |> out
 * rates   (reference of joined)            joined |> sums |> totals
 * </pre>
 *
 * {@code checked} dead-letters every multiple of 97, {@code priced} is an async {@link Effect} that
 * counts its calls, {@code joined} a FINITE join on {@code v % 10}, {@code sums} a stateful reduce
 * that emits every 1000 inputs and resets. Public for weir-kafka's resume test (runtime's test jar), which
 * runs it on Kafka topics.
 */
public final class ResumeFlows {

  public static final ElementType LONG = ElementType.of(Long.class);

  /** Calls of {@code priced} made in this JVM. */
  public static final AtomicLong PRICED_CALLS = new AtomicLong();

  private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "priced-calls");
    t.setDaemon(true);
    return t;
  });

  private ResumeFlows() {}

  /** The async effect: its value is a function of its input, on another thread. */
  static final class Priced implements AsyncTransform<Long, Long>, Effect {
    @Override
    public CompletionStage<Long> apply(Long in) {
      PRICED_CALLS.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> in + 1, POOL);
    }

    @Override
    public int maxInFlight() {
      return 8;
    }
  }

  /**
   * The chain flow over {@code n} numbers.
   *
   * @param resumable whether {@code numbers} is {@link Sources#range} (resumable) and {@code checked} a
   *     {@code StatelessTransform} (a resume skips the inputs it finished), or a plain source that must
   *     be read again from its start and a plain transform that processes every input again
   * @param out the sink of {@code joined}
   * @param totals the sink of {@code sums}
   */
  public static FlowDefinition chain(long n, boolean resumable, Supplier<Sink<Long>> out, Supplier<Sink<Long>> totals) {
    return FlowDefinition.define("resume-chain")
        .bufferSize(64)
        .stage(StageDefinition.source("numbers", LONG, f -> resumable ? Sources.range(n, i -> i + 1) : plain(n)))
        .stage(StageDefinition.source("rates", LONG, f -> Sources.range(10, i -> i)))
        .stage(StageDefinition.transform("checked", StageKind.TRANSFORM, LONG, LONG, f -> resumable
            ? (dev.weir.api.StatelessTransform<Long, Long>) ResumeFlows::check
            : (dev.weir.api.Transform<Long, Long>) ResumeFlows::check))
        .stage(StageDefinition.transform("priced", StageKind.ASYNC_TRANSFORM, LONG, LONG, f -> new Priced()))
        .stage(StageDefinition.join("joined", LONG, LONG, LONG, f -> Joins.inner((Long r) -> r, (Long v) -> v % 10,
            (Long r, Long v) -> r * 1_000_000_000L + v)))
        .stage(StageDefinition.transform("sums", StageKind.STATEFUL, LONG, LONG,
            f -> Aggregations.reduce(() -> 0L, (Long a, Long v) -> a + v).emitting(EmitPolicy.everyN(1000).thenReset())))
        .stage(StageDefinition.sink("out", LONG, f -> out.get()))
        .stage(StageDefinition.sink("totals", LONG, f -> totals.get()))
        .chain("numbers", "checked", "priced", "joined", "out")
        .edge(EdgeDefinition.reference("rates", "joined"))
        .chain("joined", "sums", "totals")
        .build();
  }

  /** 1..n, not resumable: a resume reads it again from 1. */
  /** The handler of {@code checked}: a dead letter for multiples of 97, else three times the input. */
  static void check(Long v, dev.weir.api.Emitter<Long> o) throws StageException {
    if (v % 97 == 0) {
      throw new StageException(ErrorKind.VALIDATION, "multiple of 97: " + v);
    }
    o.emit(v * 3);
  }

  static Source<Long> plain(long n) {
    return new Source<>() {
      private long next = 1;

      @Override
      public boolean next(Emitter<Long> out) {
        for (int i = 0; i < 256 && next <= n; i++) {
          out.emit(next++);
        }
        return next <= n;
      }
    };
  }
}

package dev.weir.benchmarks;

import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StageResult;
import dev.weir.flow.StopMode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Weir: a hand-built {@link FlowDefinition} {@code src |> map1 |> ... |> mapD |> sink} with
 * {@code Sources.range(n, i -> i)}, {@code Transforms.map((Long x) -> x + 1)} and a counting sink,
 * run on the engine with (by default) memory journals, which keep every event of the run.
 */
final class WeirChain implements Chain {

  /** What the source of an idle run does. */
  enum IdleSourceKind {
    /** {@code next} waits up to 100 ms on an empty queue, then returns true without emitting. */
    BLOCKING,
    /** {@code next} returns true at once without emitting. */
    RETURNING
  }

  private final int bufferSize;
  private final Supplier<Journals> journals;
  private final IdleSourceKind idleKind;
  private final boolean metered;

  WeirChain(int bufferSize, Supplier<Journals> journals, IdleSourceKind idleKind) {
    this(bufferSize, journals, idleKind, false);
  }

  /** {@code metered}: each run is metered in a Prometheus registry of its own, as under {@code --server}. */
  WeirChain(int bufferSize, Supplier<Journals> journals, IdleSourceKind idleKind, boolean metered) {
    this.bufferSize = bufferSize;
    this.journals = journals;
    this.idleKind = idleKind;
    this.metered = metered;
  }

  @Override
  public String name() {
    return metered ? "weir-metered" : "weir";
  }

  String idleName() {
    return "weir/" + (idleKind == IdleSourceKind.BLOCKING ? "blocking-source" : "returning-source");
  }

  /** The definition the benchmark runs; {@code source} is the source's handler. */
  static FlowDefinition definition(int depth, int bufferSize, Supplier<Source<Long>> source, Tally tally) {
    return definition(depth, bufferSize, source, () -> new CountingSink(tally));
  }

  /** As above with any sink handler. */
  static FlowDefinition definition(int depth, int bufferSize, Supplier<Source<Long>> source, Supplier<Sink<Long>> sink) {
    ElementType longs = ElementType.of(Long.class);
    FlowDefinition.Draft b = FlowDefinition.define("bench").bufferSize(bufferSize);
    String[] chain = new String[depth + 2];
    chain[0] = "src";
    b.stage(StageDefinition.source("src", longs, f -> source.get()));
    for (int i = 1; i <= depth; i++) {
      chain[i] = "map" + i;
      b.stage(StageDefinition.transform(chain[i], StageKind.TRANSFORM, longs, longs,
          f -> Transforms.map((Long x) -> x + 1)));
    }
    chain[depth + 1] = "sink";
    b.stage(StageDefinition.sink("sink", longs, f -> sink.get()));
    return b.chain(chain).build();
  }

  @Override
  public WeirRun start(int depth, Tally tally, boolean idle) {
    long n = tally.expected();
    Supplier<Source<Long>> source;
    if (!idle) {
      source = () -> Sources.range(n, i -> {
        tally.sent(i);
        return i;
      });
    } else if (idleKind == IdleSourceKind.BLOCKING) {
      source = BlockingIdleSource::new;
    } else {
      source = () -> out -> true;
    }
    var builder = definition(depth, bufferSize, source, tally).builder().journals(journals.get());
    if (metered) {
      builder.meterRegistry(new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
          io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT));
    }
    FlowHandle handle = builder.start();
    return new WeirRun(handle, tally, depth);
  }

  /** A started Weir run. */
  static final class WeirRun implements Run {
    private final FlowHandle handle;
    private final Tally tally;
    private final int depth;
    private boolean ended;

    WeirRun(FlowHandle handle, Tally tally, int depth) {
      this.handle = handle;
      this.tally = tally;
      this.depth = depth;
    }

    FlowHandle handle() {
      return handle;
    }

    /** Stops the run with {@code mode} and waits for its result (at most {@code timeout}). */
    Optional<FlowResult> stop(StopMode mode, Duration timeout) throws InterruptedException {
      handle.stop(mode);
      Optional<FlowResult> r = handle.await(timeout);
      ended = r.isPresent();
      return r;
    }

    @Override
    public void finish(long timeoutMillis) throws Exception {
      Optional<FlowResult> maybe = handle.await(Duration.ofMillis(timeoutMillis));
      if (maybe.isEmpty()) {
        throw new IllegalStateException("the sink saw every event, but the flow had not ended " + timeoutMillis
            + " ms later (state " + handle.state() + ")");
      }
      ended = true;
      FlowResult r = maybe.get();
      if (r.state() != FlowState.COMPLETED) {
        throw new IllegalStateException("flow ended " + r.state()
            + r.failure().map(f -> ": " + f.getMessage()).orElse(""), r.failure().orElse(null));
      }
      long n = tally.expected();
      check(r.stage("src"), 0, n);
      for (int i = 1; i <= depth; i++) {
        check(r.stage("map" + i), n, n);
      }
      check(r.stage("sink"), n, n);
    }

    private static void check(StageResult s, long received, long emitted) {
      if (s.received() != received || (emitted >= 0 && s.emitted() != emitted) || s.errors() != 0) {
        throw new IllegalStateException("stage " + s.name() + " reports received=" + s.received() + " emitted="
            + s.emitted() + " errors=" + s.errors() + "; expected received=" + received
            + (emitted >= 0 ? " emitted=" + emitted : "") + " errors=0");
      }
    }

    @Override
    public void close() throws Exception {
      if (!ended) {
        handle.stop(StopMode.CANCEL);
        ended = handle.await(Duration.ofSeconds(10)).isPresent();
      }
    }
  }

  /** Counts and sums what arrives; the harness checks both against the exact expected figures. */
  static final class CountingSink implements Sink<Long> {
    private final Tally tally;

    CountingSink(Tally tally) {
      this.tally = tally;
    }

    @Override
    public void consume(Long item) {
      tally.received(item);
    }
  }

  /** An idle source whose {@code next} waits briefly on an empty queue and emits nothing. */
  static final class BlockingIdleSource implements Source<Long> {
    private final BlockingQueue<Long> input = new ArrayBlockingQueue<>(1);

    @Override
    public boolean next(Emitter<Long> out) throws InterruptedException {
      Long v = input.poll(IdleSource.POLL_MILLIS, TimeUnit.MILLISECONDS);
      if (v != null) {
        out.emit(v);
      }
      return true;
    }
  }
}

package dev.weir.app;

import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for {@link SignalShutdownTest}: runs an endless flow through {@link FlowApplication#run}
 * until a signal ends it, and prints {@code READY} once its sink has consumed events.
 */
public final class SignalChild {

  /** How many events the sink consumes before it prints {@code READY}. */
  static final int READY_AFTER = 100;

  private SignalChild() {}

  /** An event: its number in the source and a value derived from it. */
  public record Tick(long n, long value) {}

  /** Emits ten ticks per call, sleeping a little after each call, forever. */
  static final class SlowTicks implements Source<Tick> {
    private long n;

    @Override
    public boolean next(Emitter<Tick> out) throws InterruptedException {
      for (int i = 0; i < 10; i++, n++) {
        out.emit(new Tick(n, n));
      }
      Thread.sleep(2);
      return true;
    }
  }

  /** Consumes ticks; prints {@code READY} after {@link #READY_AFTER}, then, if {@code stuck}, blocks until interrupted. */
  static final class ReadySink implements Sink<Tick> {
    private final boolean stuck;
    private final CountDownLatch never = new CountDownLatch(1);
    private long consumed;

    ReadySink(boolean stuck) {
      this.stuck = stuck;
    }

    @Override
    public void consume(Tick item) throws InterruptedException {
      if (++consumed == READY_AFTER) {
        System.out.println("READY");
        System.out.flush();
        if (stuck) {
          never.await(); // ignores a graceful stop: only a cancel's interrupt ends this
        }
      }
    }
  }

  /** {@code stuck} selects the flow whose sink blocks after {@code READY}. */
  static FlowDefinition flow(boolean stuck) {
    ElementType tick = ElementType.of(Tick.class);
    return FlowDefinition.define(stuck ? "signals-stuck" : "signals")
        .bufferSize(256)
        .stage(StageDefinition.source("ticks", tick, f -> new SlowTicks()))
        .stage(StageDefinition.transform("triple", StageKind.TRANSFORM, tick, tick,
            f -> Transforms.map((Tick t) -> new Tick(t.n(), t.value() * 3))))
        .stage(StageDefinition.sink("sink", tick, f -> new ReadySink(stuck)))
        .chain("ticks", "triple", "sink")
        .build();
  }

  /** Args: {@code slow|stuck}, then the options of {@link FlowApplication}. */
  public static void main(String[] args) {
    FlowApplication.run(flow(args[0].equals("stuck")), Arrays.copyOfRange(args, 1, args.length));
  }
}

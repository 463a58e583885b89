package dev.weir.journal;

import dev.weir.flow.Journals;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.nio.file.Path;

/** A child JVM for {@link CrashTest}: runs an endless flow on disk journals until it is killed. */
public final class CrashChild {

  private CrashChild() {}

  /** An event: its number in the source, a value derived from it, and padding that makes its record large. */
  public record Tick(long n, long value, String pad) {}

  /**
   * Segment files written a piece at a time, as a slow device takes a large write: a batch of large
   * records spends most of its write in progress, so a kill lands inside a write often and leaves a
   * torn tail (a real write is cut at page granularity by SIGKILL too, only more rarely caught).
   */
  public static final class PiecewiseWrites implements FileFaults {
    static final int PIECE = 64 << 10;

    @Override
    public java.nio.channels.FileChannel open(Path file) throws java.io.IOException {
      return new FullDiskChannel(FileFaults.NONE.open(file), Long.MAX_VALUE) {
        @Override
        public int write(java.nio.ByteBuffer src) throws java.io.IOException {
          java.nio.ByteBuffer piece = src.duplicate();
          piece.limit(piece.position() + Math.min(PIECE, piece.remaining()));
          int n = super.write(piece);
          src.position(src.position() + n);
          java.util.concurrent.locks.LockSupport.parkNanos(100_000);
          return n;
        }
      };
    }
  }

  /**
   * The padding of tick {@code n} when each record should be about {@code bytes} long; its first
   * and last characters change from tick to tick, so that a record shares next to nothing with the
   * one before it and its frame stays that long.
   */
  static String pad(int bytes, long n) {
    if (bytes < 2) {
      return "x".repeat(bytes);
    }
    char edge = (char) ('a' + n % 26);
    return edge + "x".repeat(bytes - 2) + edge;
  }

  /** The flow's shape, for reading and replaying its journals. */
  static FlowDefinition flow() {
    return flow(0, t -> {});
  }

  /** {@code ticks |> triple |> sink}: an endless source of ticks padded to {@code padBytes}. */
  static FlowDefinition flow(int padBytes, Sink<Tick> sink) {
    ElementType tick = ElementType.of(Tick.class);

    return FlowDefinition.define("crash")
        .bufferSize(256)
        .stage(StageDefinition.source("ticks", tick, f -> Sources.infinite(i -> new Tick(i, i, pad(padBytes, i)))))
        .stage(StageDefinition.transform("triple", StageKind.TRANSFORM, tick, tick,
            f -> Transforms.map((Tick t) -> new Tick(t.n(), t.value() * 3, t.pad()))))
        .stage(StageDefinition.sink("sink", tick, f -> sink))
        .chain("ticks", "triple", "sink")
        .build();
  }

  /**
   * Args: journal root, durability, k, pad bytes. Prints {@code RUNNING <run dir>} once the flow
   * runs, then {@code AT <k>} the moment its sink has received the k-th tick (the parent kills it on
   * reading that line, so a seed's k fixes the point of progress it dies at), and runs on.
   */
  public static void main(String[] args) throws Exception {
    long killAt = Long.parseLong(args[2]);
    int padBytes = Integer.parseInt(args[3]);
    long[] received = new long[1];
    Sink<Tick> sink = t -> {
      if (++received[0] == killAt) {
        System.out.println("AT " + killAt);
        System.out.flush();
      }
    };
    FlowHandle h = flow(padBytes, sink).builder()
        .journals(new FaultInjectingJournals(Journals.disk(Path.of(args[0])).durability(Durability.parse(args[1])).segmentBytes(4L << 20)
            , new PiecewiseWrites()))
        .start();
    System.out.println("RUNNING " + h.journals().directory().orElseThrow());
    System.out.flush();
    h.await();
  }
}

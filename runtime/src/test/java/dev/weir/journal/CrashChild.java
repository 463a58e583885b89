package dev.weir.journal;

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

  /** An event: its number in the source, and a value derived from it. */
  public record Tick(long n, long value) {}

  static FlowDefinition flow() {
    ElementType tick = ElementType.of(Tick.class);
    return FlowDefinition.define("crash")
        .bufferSize(256)
        .stage(StageDefinition.source("ticks", tick, f -> Sources.infinite(i -> new Tick(i, i))))
        .stage(StageDefinition.transform("triple", StageKind.TRANSFORM, tick, tick,
            f -> Transforms.map((Tick t) -> new Tick(t.n(), t.value() * 3))))
        .stage(StageDefinition.sink("sink", tick, f -> (Sink<Tick>) t -> {}))
        .chain("ticks", "triple", "sink")
        .build();
  }

  /** Args: journal root, durability. Prints {@code RUNNING <run dir>} once the flow runs. */
  public static void main(String[] args) throws Exception {
    FlowHandle h = flow().builder()
        .journals(new DiskJournals(Path.of(args[0])).durability(Durability.parse(args[1])).segmentBytes(256 * 1024))
        .start();
    System.out.println("RUNNING " + h.journals().directory().orElseThrow());
    System.out.flush();
    h.await();
  }
}

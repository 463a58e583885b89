package dev.weir.journal;

import dev.weir.api.Sink;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.flow.StopMode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM of {@link BoundedMemoryJournalsTest}: an endless flow {@code ticks |> pad |> sink} of
 * 100-character strings on the default {@code Journals.memory()}, stopped once the sink has
 * received {@code args[0]} events. Prints {@code received N state S} and exits 0.
 */
public final class BoundedMemoryChild {

  private BoundedMemoryChild() {}

  public static void main(String[] args) throws Exception {
    long target = Long.parseLong(args[0]);
    AtomicLong received = new AtomicLong();
    ElementType strings = ElementType.of(String.class);
    ElementType longs = ElementType.of(Long.class);
    String pad = "x".repeat(90);
    FlowDefinition def = FlowDefinition.define("endless")
        .stage(StageDefinition.source("ticks", longs, f -> new dev.weir.api.Source<Long>() {
          private long next;

          @Override
          public boolean next(dev.weir.api.Emitter<Long> out) {
            for (int i = 0; i < 256; i++) {
              out.emit(next++);
            }
            return true; // endless
          }
        }))
        .stage(StageDefinition.transform("pad", StageKind.TRANSFORM, longs, strings,
            f -> Transforms.map((Long x) -> pad + String.format("%010d", x))))
        .stage(StageDefinition.sink("sink", strings, f -> (Sink<String>) s -> received.incrementAndGet()))
        .chain("ticks", "pad", "sink")
        .build();
    try (FlowHandle h = def.builder().journals(Journals.memory()).start()) {
      while (received.get() < target) {
        Thread.sleep(20);
      }
      h.stop(StopMode.CANCEL);
      FlowResult r = h.await(Duration.ofMinutes(1)).orElseThrow();
      System.out.println("received " + received.get() + " state " + r.state() + " journal " + h.journals().data("pad"));
    }
  }
}

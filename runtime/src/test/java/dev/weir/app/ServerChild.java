package dev.weir.app;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;

/** A child JVM for {@link ServerModeTest}: a finite flow with 100 invalid inputs in 1000, run by {@link FlowApplication#run}. */
public final class ServerChild {

  private ServerChild() {}

  static FlowDefinition flow() {
    ElementType longs = ElementType.of(Long.class);
    Transform<Long, Long> validate = (n, out) -> {
      if (n % 10 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "a multiple of ten: " + n);
      }
      out.emit(n);
    };
    return FlowDefinition.define("served")
        .stage(StageDefinition.source("numbers", longs, f -> Sources.range(1_000, n -> n + 1)))
        .stage(StageDefinition.transform("validate", StageKind.TRANSFORM, longs, longs, f -> validate))
        .stage(StageDefinition.sink("out", longs, f -> Sinks.discard()))
        .chain("numbers", "validate", "out")
        .build();
  }

  public static void main(String[] args) {
    FlowApplication.run(flow(), args);
  }
}

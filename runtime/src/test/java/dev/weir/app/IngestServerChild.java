package dev.weir.app;

import dev.weir.api.IngestOptions;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;

/** A child JVM for {@link ServerModeTest}: two ingestion sources (bearer, HMAC) into one sink, run by {@link FlowApplication#run}. */
public final class IngestServerChild {

  /** What the endpoints take. */
  public record Order(String id, int qty) {}

  private IngestServerChild() {}

  static FlowDefinition flow() {
    ElementType orders = ElementType.of(Order.class);
    return FlowDefinition.define("ingesting")
        .stage(StageDefinition.source("web", orders,
            f -> Sources.ingest("orders", Order.class, IngestOptions.defaults().bearer("t0ken"))))
        .stage(StageDefinition.source("hooks", orders,
            f -> Sources.ingest("hooks", Order.class, IngestOptions.defaults().hmac("s3cret"))))
        .stage(StageDefinition.sink("out", orders, f -> Sinks.discard()))
        .chain("web", "out")
        .chain("hooks", "out")
        .build();
  }

  public static void main(String[] args) {
    FlowApplication.run(flow(), args);
  }
}

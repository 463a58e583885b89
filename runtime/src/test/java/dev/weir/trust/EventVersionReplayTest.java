package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.app.FlowApplication;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay reads an archive only as the event types and versions it was written with, or through upcasters. */
class EventVersionReplayTest {

  @TempDir
  Path dir;

  public record OrderV1(long id, double amount) {}

  public record OrderV2(long id, long amountMinor, String currency) {}

  private static FlowDefinition v1() {
    return FlowDefinition.define("orders")
        .stage(StageDefinition.source("orders", ElementType.of(OrderV1.class, "order", 1),
            f -> Sources.range(50, i -> new OrderV1(i, i + 0.25))))
        .stage(StageDefinition.sink("book", ElementType.of(OrderV1.class, "order", 1), f -> (Sink<OrderV1>) o -> {}))
        .chain("orders", "book")
        .build();
  }

  private static FlowDefinition v2(String event, int version, List<OrderV2> got) {
    return FlowDefinition.define("orders")
        .stage(StageDefinition.source("orders", ElementType.of(OrderV2.class, event, version),
            f -> Sources.range(50, i -> new OrderV2(i, i * 100 + 25, "USD"))))
        .stage(StageDefinition.sink("book", ElementType.of(OrderV2.class, event, version), f -> (Sink<OrderV2>) got::add))
        .chain("orders", "book")
        .build();
  }

  private Path originalRun() throws Exception {
    FlowHandle h = v1().builder().journals(Journals.disk(dir).durability(Durability.none())).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    return h.journals().directory().orElseThrow();
  }

  @Test
  void aVersionMismatch_isRefused_namingBothVersions_andTheFix() throws Exception {
    Path runDir = originalRun();
    FlowResult r = v2("order", 2, new ArrayList<>()).builder().replayFrom(runDir).start().await();

    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("stage 'orders' journaled event 'order' v1 in that run, but emits 'order' v2 now")
        .contains("no upcaster turns v1 into v2").contains("withUpcaster(\"order\", 1,");
  }

  @Test
  void anotherEventName_orANewerArchive_isRefused() throws Exception {
    Path runDir = originalRun();
    FlowResult renamed = v2("purchase", 1, new ArrayList<>()).builder().replayFrom(runDir).start().await();
    assertThat(renamed.failure().orElseThrow().getMessage())
        .contains("journaled event 'order' v1").contains("now emits 'purchase' v1").contains("a different event type");

    FlowHandle newer = v2("order", 3, new ArrayList<>()).builder()
        .journals(Journals.disk(dir.resolve("v3")).durability(Durability.none())).start();
    newer.await();
    FlowResult back = v2("order", 2, new ArrayList<>()).builder()
        .replayFrom(newer.journals().directory().orElseThrow()).start().await();
    assertThat(back.failure().orElseThrow().getMessage()).contains("'order' v3 in that run, newer than the 'order' v2");
  }

  @Test
  void withAnUpcaster_theOldArchiveReplaysIntoTheNewType_andVerifies() throws Exception {
    Path runDir = originalRun();
    List<OrderV2> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition upcasting = v2("order", 2, got).withUpcaster("order", 1, node -> {
      ObjectNode o = (ObjectNode) node;
      o.put("amountMinor", Math.round(o.remove("amount").asDouble() * 100));
      o.put("currency", "USD");
      return o;
    });

    StringWriter out = new StringWriter();
    int code = FlowApplication.execute(upcasting, "test", new PrintWriter(out), new PrintWriter(out),
        "--journal-dir", dir.resolve("replays").toString(), "--durability", "none", "--replay-from", runDir.toString(),
        "--verify");

    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString()).contains("replay matched the original run: 0 differences");
    assertThat(got).hasSize(50).first().isEqualTo(new OrderV2(0, 25, "USD"));
    assertThat(got.get(49)).isEqualTo(new OrderV2(49, 4925, "USD"));
  }
}

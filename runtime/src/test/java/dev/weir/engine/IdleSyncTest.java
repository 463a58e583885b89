package dev.weir.engine;

import dev.weir.flow.Journals;
import dev.weir.journal.FaultInjectingJournals;
import dev.weir.testing.Await;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Emitter;
import dev.weir.api.Source;
import dev.weir.api.Transforms;
import dev.weir.flow.Durability;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StopMode;
import dev.weir.flow.DiskJournals;
import dev.weir.journal.FileFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under interval durability a stage that goes idle syncs what it wrote since its last sync. */
class IdleSyncTest {

  @TempDir Path dir;

  @Test
  void intervalDurability_syncsTheLastBatchWhenTheStageIdles() throws Exception {
    Map<String, AtomicInteger> syncs = new ConcurrentHashMap<>();
    FileFaults counting = new FileFaults() {
      @Override
      public void beforeSync(String journalId) {
        syncs.computeIfAbsent(journalId, k -> new AtomicInteger()).incrementAndGet();
      }
    };
    Source<Long> hundredThenIdle = new Source<>() {
      long n;

      @Override
      public boolean next(Emitter<Long> out) {
        while (n < 100) {
          out.emit(++n);
        }
        return true;
      }
    };
    AtomicLong consumed = new AtomicLong();
    FlowHandle h = flow("idlesync")
        .stage(source("src", hundredThenIdle))
        .stage(transform("pass", Transforms.map((Long x) -> x)))
        .stage(sink("out", x -> consumed.incrementAndGet()))
        .chain("src", "pass", "out")
        .build()
        .builder()
        .journals(new FaultInjectingJournals(Journals.disk(dir).durability(Durability.interval(Duration.ofHours(1))), counting))
        .start();
    Await.until("100 events consumed", () -> consumed.get() == 100);
    for (String journal : new String[] {"src.data", "pass.data", "out.data"}) {
      Await.until("a sync of " + journal + " once its stage idles", () -> syncs.containsKey(journal));
    }
    assertThat(syncs.keySet()).doesNotContain("src.errors", "pass.errors", "out.errors"); // nothing written there

    h.stop(StopMode.GRACEFUL);
    FlowResult r = h.await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
  }
}

package dev.weir.engine;

import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.flow.RecordKind;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.JournalRecord;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receipts are journaled only after the sink's flush at the end of their batch returned. */
class SinkBatchFlushTest {

  /** Counts consumes per batch; its second flush fails. */
  private static final class FailsSecondFlush implements Sink<Long> {
    volatile int flushes;
    volatile long firstBatch = -1;
    long sinceFlush;

    @Override
    public void consume(Long item) {
      sinceFlush++;
    }

    @Override
    public void flush() throws IOException {
      flushes++;
      if (flushes == 2) {
        throw new IOException("remote store refused the batch");
      }
      firstBatch = sinceFlush;
      sinceFlush = 0;
    }
  }

  @Test
  void flushFailingOnTheSecondBatch_leavesReceiptsForTheFirstBatchOnly() throws Exception {
    FailsSecondFlush out = new FailsSecondFlush();
    FlowHandle h = flow("sinkflush")
        .bufferSize(64)
        .stage(source("src", Sources.range(5_000, i -> i)))
        .stage(sink("out", out))
        .chain("src", "out")
        .build()
        .builder().journals(Journals.memory()).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("flush of sink 'out' failed", "remote store refused the batch", "not confirmed");
    assertThat(out.firstBatch).as("events in the first batch").isPositive().isLessThan(5_000);
    List<JournalRecord> receipts = h.journals().data("out").readAll();
    assertThat(receipts).allMatch(rec -> rec.kind() == RecordKind.RECEIPT);
    assertThat((long) receipts.size()).isEqualTo(out.firstBatch);
    assertThat(receipts.get(receipts.size() - 1).parent().seq()).isEqualTo(out.firstBatch);
  }

  @Test
  void everyBatchIsFlushedBeforeItsReceipts() throws Exception {
    long[] flushedUpTo = {0};
    long[] consumedUpTo = {0};
    FlowHandle[] handle = new FlowHandle[1];
    boolean[] receiptAheadOfFlush = {false};
    Sink<Long> checking = new Sink<>() {
      @Override
      public void consume(Long item) {
        consumedUpTo[0]++;
        if (handle[0] != null && handle[0].journals().data("out").lastSeq() > flushedUpTo[0]) {
          receiptAheadOfFlush[0] = true;
        }
      }

      @Override
      public void flush() {
        flushedUpTo[0] = consumedUpTo[0];
      }
    };
    FlowHandle h = flow("sinkflush2")
        .bufferSize(64)
        .stage(source("src", Sources.range(3_000, i -> i)))
        .stage(sink("out", checking))
        .chain("src", "out")
        .build()
        .builder().journals(Journals.memory()).manualStart().start();
    handle[0] = h;
    h.start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(receiptAheadOfFlush[0]).as("a receipt visible before the sink flushed its event").isFalse();
    assertThat(h.journals().data("out").readAll(RecordKind.RECEIPT)).hasSize(3_000);
    assertThat(h.journals().data("out").lastSeq()).isEqualTo(3_001); // the receipts, then its end of stream
  }
}

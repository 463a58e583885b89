package dev.weir.engine;

import dev.weir.testing.Await;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Emitter;
import dev.weir.api.Source;
import dev.weir.api.Transform;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code Source.close()} runs once on every path. */
class SourceCloseTest {

  /** Emits 1, 2, 3, ... one per call, without end; throws on call {@code throwOn} (0: never). */
  private static final class Counting implements Source<Long> {
    final AtomicInteger closes = new AtomicInteger();
    final AtomicLong calls = new AtomicLong();
    final long throwOn;
    final long last;

    Counting(long throwOn, long last) {
      this.throwOn = throwOn;
      this.last = last;
    }

    @Override
    public boolean next(Emitter<Long> out) throws Exception {
      long n = calls.incrementAndGet();
      if (n == throwOn) {
        throw new java.io.IOException("device gone at call " + n);
      }
      out.emit(n);
      return n < last;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  private static FlowHandle run(String name, Counting src, Transform<Long, Long> middle) {
    return flow(name)
        .bufferSize(64)
        .stage(source("src", src))
        .stage(transform("mid", middle))
        .stage(sink("out", x -> {}))
        .chain("src", "mid", "out")
        .build()
        .builder().journals(Journals.memory()).start();
  }

  private static final Transform<Long, Long> PASS = (x, out) -> out.emit(x);

  @Test
  void exhausted_closesOnce() throws Exception {
    Counting src = new Counting(0, 100);
    FlowResult r = run("close-end", src, PASS).await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(src.closes.get()).isEqualTo(1);
  }

  @Test
  void cancel_closesOnce() throws Exception {
    Counting src = new Counting(0, Long.MAX_VALUE);
    FlowHandle h = run("close-cancel", src, PASS);
    Await.until("100 calls", () -> src.calls.get() > 100);
    h.stop(StopMode.CANCEL);
    FlowResult r = h.await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.CANCELLED);
    assertThat(src.closes.get()).isEqualTo(1);
  }

  @Test
  void nextThrowing_closesOnce() throws Exception {
    Counting src = new Counting(5, Long.MAX_VALUE);
    FlowResult r = run("close-throw", src, PASS).await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("device gone");
    assertThat(src.closes.get()).isEqualTo(1);
  }

  @Test
  void haltAfterFailureElsewhere_closesOnce() throws Exception {
    Counting src = new Counting(0, Long.MAX_VALUE);
    Transform<Long, Long> breaks = (x, out) -> {
      if (x == 50) {
        throw new AssertionError("mid is broken");
      }
      out.emit(x);
    };
    FlowResult r = run("close-halt", src, breaks).await();
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage()).contains("mid is broken");
    assertThat(src.closes.get()).isEqualTo(1);
  }

  @Test
  void aCloseThatFailsAfterACancel_isInTheSourcesErrorJournal() throws Exception {
    AtomicLong calls = new AtomicLong();
    Source<Long> failingClose = new Source<>() {
      @Override
      public boolean next(Emitter<Long> out) {
        out.emit(calls.incrementAndGet());
        return true;
      }

      @Override
      public void close() throws java.io.IOException {
        throw new java.io.IOException("handle already gone");
      }
    };
    FlowHandle h = flow("closefail")
        .stage(source("src", failingClose))
        .stage(sink("out", x -> {}))
        .chain("src", "out")
        .build()
        .builder().journals(Journals.memory()).start();
    Await.until("some calls", () -> calls.get() > 100);
    h.stop(StopMode.CANCEL);
    FlowResult r = h.await();

    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(h.journals().errors("src").readAll(dev.weir.flow.RecordKind.ERROR)).singleElement()
        .satisfies(rec -> assertThat(((dev.weir.flow.DeadLetter) rec.payload()).message())
            .contains("handle already gone"));
  }
}

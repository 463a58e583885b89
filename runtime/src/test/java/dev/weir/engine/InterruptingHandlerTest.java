package dev.weir.engine;

import dev.weir.testing.Await;
import static dev.weir.engine.Flows.flow;
import static dev.weir.engine.Flows.sink;
import static dev.weir.engine.Flows.source;
import static dev.weir.engine.Flows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.Emitter;
import dev.weir.api.Source;
import dev.weir.api.Transform;
import dev.weir.flow.RecordKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StopMode;
import dev.weir.flow.DiskJournals;
import dev.weir.journal.JournalException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler that leaves its thread's interrupt flag set must not break the engine's I/O or waiting. */
class InterruptingHandlerTest {

  private static final int EVENTS = 500;

  @TempDir Path dir;

  /** Emits {@code EVENTS} events, ten per call, then finds nothing until stopped. */
  private static Source<Long> thenIdle() {
    return new Source<>() {
      long n;

      @Override
      public boolean next(Emitter<Long> out) {
        for (int i = 0; i < 10 && n < EVENTS; i++) {
          out.emit(++n);
        }
        return true;
      }
    };
  }

  private static final Transform<Long, Long> INTERRUPTS_ITSELF = (x, out) -> {
    Thread.currentThread().interrupt();
    out.emit(x);
  };

  private static FlowDefinition definition(String name, Source<Long> src, AtomicLong consumed) {
    return flow(name)
        .bufferSize(64)
        .stage(source("src", src))
        .stage(transform("rude", INTERRUPTS_ITSELF))
        .stage(sink("out", x -> {
          Thread.currentThread().interrupt();
          consumed.incrementAndGet();
        }))
        .chain("src", "rude", "out")
        .build();
  }

  @Test
  void memoryJournals_everyEventDelivered_andIdleStagesDoNotSpin() throws Exception {
    AtomicLong consumed = new AtomicLong();
    FlowHandle h = definition("rude-memory", thenIdle(), consumed).builder().threads(3) // a thread per stage
        .journals(Journals.memory()).start();
    Await.until(EVENTS + " events consumed", () -> consumed.get() == EVENTS);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Thread rude = StageThreads.live("rude-memory", "rude");
    Thread out = StageThreads.live("rude-memory", "out");
    Thread.sleep(300); // past the spin and yield phases
    long rudeBefore = mx.getThreadCpuTime(rude.getId());
    long outBefore = mx.getThreadCpuTime(out.getId());
    long wallBefore = System.nanoTime();
    Thread.sleep(1000);
    long wall = System.nanoTime() - wallBefore;
    long rudeCpu = mx.getThreadCpuTime(rude.getId()) - rudeBefore;
    long outCpu = mx.getThreadCpuTime(out.getId()) - outBefore;

    h.stop(StopMode.GRACEFUL);
    FlowResult r = h.await();

    // Idle stages park (about 0% CPU); a stage spinning on its interrupt flag takes a whole core, or
    // on a loaded machine still a large share: the bound is 10% of one core for both together.
    assertThat(rudeCpu + outCpu).as("CPU ns of the idle transform (%d) and sink (%d) over %d ns wall", rudeCpu, outCpu,
        wall).isLessThan(wall / 10);
    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("out").received()).isEqualTo(EVENTS);
    assertThat(h.journals().data("out").readAll(RecordKind.RECEIPT)).as("receipts").hasSize(EVENTS);
  }

  @Test
  void diskJournals_everyEventDelivered() throws Exception {
    AtomicLong consumed = new AtomicLong();
    FlowHandle h = definition("rude-disk", thenIdle(), consumed).builder().journals(Journals.disk(dir)).start();
    Await.until(EVENTS + " events consumed", () -> consumed.get() == EVENTS || h.state().isTerminal());

    // An interrupted reader of a journal gets the interrupt back; the journal's shared channels survive it.
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> h.journals().data("rude").read(1, 10))
        .isInstanceOf(JournalException.class)
        .hasCauseInstanceOf(ClosedByInterruptException.class)
        .hasMessageContaining("interrupted");
    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
    assertThat(h.journals().data("rude").read(1, 10)).hasSize(10);

    h.stop(StopMode.GRACEFUL);
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(consumed.get()).isEqualTo(EVENTS);
    assertThat(r.stage("out").received()).isEqualTo(EVENTS);
    assertThat(h.journals().data("rude").lastSeq()).isEqualTo(EVENTS + 1); // with its end of stream
  }
}

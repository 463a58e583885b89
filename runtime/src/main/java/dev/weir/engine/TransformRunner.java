package dev.weir.engine;

import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;

/**
 * Runs a {@link Transform}: each input to zero or more outputs; {@code drain} at end of input. As a
 * cycle's entry point it holds its end of stream until the cycle is quiet, and sends events that
 * went around the cycle more than {@code maxIterations} times to its error journal.
 */
final class TransformRunner extends StageRunner {

  private final Transform<Object, Object> transform;
  private final int maxIterations;
  private CycleGuard cycle;
  private boolean cycleClosed;

  @SuppressWarnings("unchecked")
  TransformRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler,
      int maxIterations) {
    super(index, definition, supervisor, data, errors);
    this.transform = (Transform<Object, Object>) handler;
    this.maxIterations = maxIterations;
  }

  /** Makes this stage the entry point of a cycle. */
  void enterCycle(CycleGuard guard) {
    this.cycle = guard;
  }

  @Override
  void execute() throws Exception {
    if (cycle == null) {
      consumeInputs();
      drain();
      complete();
      return;
    }
    CycleGuard guard = cycle;
    consumeUntil(() -> guard.outsideEnded() && guard.quiet());
    drain();
    consumeUntil(guard::quiet); // what drain emitted may still go around
    cycleClosed = true;
    output().writeEndOfStream(System.currentTimeMillis());
    flushJournals();
    consumeInputs(); // the cycle's own ends of stream come back on the backflow edges
    completeJournals(System.currentTimeMillis());
    flushJournals();
    supervisor().stageCompleted(this);
  }

  private void drain() {
    StageOutput out = output();
    out.context(-1, 0, 0, 0);
    beginBatch();
    try {
      transform.drain(out);
    } catch (Halted h) {
      throw h;
    } catch (Exception | Error e) {
      fail("drain of stage '" + name() + "' failed: " + e, e);
    }
    flushJournals();
  }

  @Override
  void onData(Slot slot, int upstream) {
    if (slot.depth > maxIterations) {
      deadLetter(slot, upstream, new StageException(ErrorKind.PERMANENT, "went around the cycle through '" + name()
          + "' " + slot.depth + " times, more than maxIterations " + maxIterations));
      return;
    }
    if (cycleClosed) {
      deadLetter(slot, upstream, new StageException(ErrorKind.PERMANENT, "came back to cycle entry '" + name()
          + "' after the cycle closed (emitted by a cycle member's drain)"));
      return;
    }
    output().context(upstream, slot.seq, slot.correlation, slot.depth);
    try {
      transform.process(slot.payload, output());
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("process", slot, upstream, e);
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
    }
  }
}

package dev.weir.engine;

import dev.weir.api.Transform;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;

/** Runs a {@link Transform}: each input to zero or more outputs; {@code drain} at end of input. */
final class TransformRunner extends StageRunner {

  private final Transform<Object, Object> transform;

  @SuppressWarnings("unchecked")
  TransformRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler) {
    super(index, definition, supervisor, data, errors);
    this.transform = (Transform<Object, Object>) handler;
  }

  @Override
  void execute() throws Exception {
    consumeInputs();
    StageOutput out = output();
    out.context(-1, 0, 0, 0);
    try {
      transform.drain(out);
    } catch (Halted h) {
      throw h;
    } catch (Exception e) {
      fail("drain of stage '" + name() + "' failed: " + e, e);
    }
    out.writeEndOfStream(System.currentTimeMillis());
    flushJournals();
    supervisor().stageCompleted(this);
  }

  @Override
  void onData(Slot slot, int upstream) {
    output().context(upstream, slot.seq, slot.correlation, slot.depth);
    try {
      transform.process(slot.payload, output());
    } catch (Halted h) {
      throw h;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
    }
  }
}

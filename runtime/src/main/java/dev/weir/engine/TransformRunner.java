package dev.weir.engine;

import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;
import dev.weir.middleware.StageMiddleware;

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
  private final AttemptBuffer attempt = new AttemptBuffer();
  /** On a resume of a stateless stage: what it journaled for the inputs it had consumed; then null. */
  private JournaledOutputs journaled;
  /** Inputs a resume handed on from the journal instead of processing, for the stage's detail. */
  private long skipped;

  @SuppressWarnings("unchecked")
  TransformRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler,
      int maxIterations) {
    super(index, definition, supervisor, data, errors);
    this.transform = (Transform<Object, Object>) handler;
    this.maxIterations = maxIterations;
  }

  /**
   * Whether a resume may skip the inputs this stage finished: its handler promised to keep no state
   * across inputs and does not override {@code drain} (which only state could feed), and it has no
   * middleware, whose retries, fallbacks and breaker state a skipped prefix would not count.
   */
  boolean skipsFinishedInputs() {
    if (!(transform instanceof dev.weir.api.StatelessTransform<?, ?>) || middleware() != null) {
      return false;
    }
    try {
      return transform.getClass().getMethod("drain", dev.weir.api.Emitter.class).getDeclaringClass()
          == dev.weir.api.StatelessTransform.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("a Transform without drain(Emitter): " + transform.getClass(), e);
    }
  }

  /**
   * On a resume: hands on what the interrupted run journaled for each input up to
   * {@link JournaledOutputs#finishedThrough()}, instead of calling the handler again; the inputs after it are handled live. Only for a stage that {@link #skipsFinishedInputs()},
   * with one input, outside any cycle.
   */
  void resumeFrom(JournaledOutputs outputs) {
    this.journaled = outputs.finishedThrough() > 0 ? outputs : null;
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

  /** A plain transform (no cycle, no middleware, one input) can run on its upstream's thread. */
  @Override
  boolean fusable() {
    StageInput[] in = inputs();
    return cycle == null && middleware() == null && in.length == 1 && in[0] instanceof EdgeInput && !replaying();
  }

  @Override
  void finishFused() {
    drain();
    complete();
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
    if (journaled != null) {
      if (slot.seq <= journaled.finishedThrough()) {
        handOnJournaled(slot, upstream);
        return;
      }
      journaled.checkExhausted();
      journaled = null;
    }
    StageMiddleware stack = middleware();
    if (stack != null) {
      throughMiddleware(stack, slot, upstream);
      return;
    }
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

  /** The outputs and the dead letter the interrupted run journaled for this input, handed on as they were. */
  private void handOnJournaled(Slot slot, int upstream) {
    StageOutput out = output();
    for (JournalRecord r = journaled.nextOutput(slot.seq); r != null; r = journaled.nextOutput(slot.seq)) {
      out.emit(r.payload()); // no middleware: no fallback answers
    }
    DeadLetter letter = journaled.deadLetter(slot.seq);
    if (letter != null) { // with the input as this run has it, as when it was written
      deadLetter(slot, upstream, new DeadLetter(letter.kind(), letter.exception(), letter.message(), slot.payload,
          letter.attempts()));
    }
    skipped++;
  }

  @Override
  String completionNote() {
    return skipped == 0 ? "" : skipped + " inputs handed on from the interrupted run's journal, not processed again";
  }

  /**
   * One input through the stage's middleware: each attempt's outputs are held back until it
   * succeeds; a fallback's answer is emitted marked as such; a given-up input is dead-lettered
   * once, with its attempt count.
   */
  private void throughMiddleware(StageMiddleware stack, Slot slot, int upstream) {
    Object in = slot.payload;
    StageMiddleware.Outcome outcome;
    try {
      outcome = stack.run(() -> {
        attempt.clear();
        transform.process(in, attempt);
      }, new EventRef(upstreamName(upstream), slot.seq), stageWait());
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("process", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
      return;
    }
    switch (outcome) {
      case ANSWERED -> {
        try {
          attempt.publish(output());
        } catch (Halted h) {
          throw h;
        } catch (ClassCastException | Error e) {
          handlerBroke("process", slot, upstream, e);
        }
      }
      case FALLBACK -> answerByFallback(stack, slot, upstream);
      case FAILED -> deadLetterAfter(in, upstream, slot.seq, slot.correlation, slot.depth, stack.failureKind(),
          stack.failure(), stack.attempts());
      case FAIL_FLOW -> fail(stack.failure().getMessage() + "; input seq " + slot.seq + " from '" + upstreamName(upstream)
          + "' was not processed (it stays in its upstream journal)", stack.failure());
    }
  }

  private void answerByFallback(StageMiddleware stack, Slot slot, int upstream) {
    Object answer;
    try {
      answer = stack.fallback(slot.payload);
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("fallback", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetterAfter(slot.payload, upstream, slot.seq, slot.correlation, slot.depth, ErrorClassifier.classify(e), e,
          stack.attempts());
      return;
    }
    if (answer == null) {
      deadLetterAfter(slot.payload, upstream, slot.seq, slot.correlation, slot.depth, ErrorKind.VALIDATION,
          new StageException(ErrorKind.VALIDATION, "the fallback of stage '" + name() + "' returned null"),
          stack.attempts());
      return;
    }
    try {
      output().emitFallback(answer);
      stack.answeredByFallback();
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("fallback", slot, upstream, e);
    }
  }
}

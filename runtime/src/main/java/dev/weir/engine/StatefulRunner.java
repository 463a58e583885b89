package dev.weir.engine;

import dev.weir.api.EmitPolicy;
import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import dev.weir.api.Stateful;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.Journal;

/**
 * Runs a {@link Stateful}: the runtime owns the state, folds each input into it, and calls
 * {@code emit} when the policy fires (after every N inputs, after every input, or on a timer that
 * fires even when no input arrives), then resets or keeps the state. At end of input the final
 * state is emitted once. An exception in {@code accumulate}, or a null state returned from it,
 * dead-letters that input (the previous state is kept); an exception or a null in {@code initial},
 * or an exception in {@code emit}, fails the flow.
 */
final class StatefulRunner extends StageRunner {

  private final Stateful<Object, Object, Object> stateful;
  private EmitPolicy policy;
  private Object state;
  private long sinceEmit;
  private long intervalNanos;

  @SuppressWarnings("unchecked")
  StatefulRunner(int index, StageDefinition definition, Supervisor supervisor, Journal data, Journal errors, Object handler) {
    super(index, definition, supervisor, data, errors);
    this.stateful = (Stateful<Object, Object, Object>) handler;
    timerUndecided(); // until execute() has read the policy
  }

  @Override
  void execute() throws Exception {
    try {
      policy = stateful.policy();
    } catch (Halted h) {
      throw h;
    } catch (RuntimeException | Error e) {
      fail("stateful stage '" + name() + "': policy() threw " + e, e);
    }
    if (policy == null) {
      fail("stateful stage '" + name() + "': policy() returned null", null);
    }
    if (policy.trigger() != EmitPolicy.Trigger.ON_END && policy.afterEmit() == EmitPolicy.AfterEmit.UNSET) {
      fail("stateful stage '" + name() + "': emit policy " + policy
          + " must say what happens after an emit: add .thenReset() or .thenKeep()", null);
    }
    state = fresh();
    if (policy.trigger() == EmitPolicy.Trigger.EVERY_DURATION) {
      intervalNanos = policy.interval().toNanos();
      timerDeadline = timerNow() + intervalNanos;
      recordRuns(); // where the timer fires among the inputs is journaled, so a replay fires it there too
    }
    publishTimerDeadline();
    consumeInputs();
    timerDeadline = NO_TIMER;
    publishTimerDeadline();
    output().context(-1, 0, 0, 0);
    emitState("end of input");
    complete();
  }

  @Override
  void onData(Slot slot, int upstream) {
    paceInput();
    Object next;
    try {
      next = stateful.accumulate(state, slot.payload);
    } catch (Halted h) {
      throw h;
    } catch (ClassCastException | Error e) {
      handlerBroke("accumulate", slot, upstream, e);
      return;
    } catch (Exception e) {
      deadLetter(slot, upstream, e);
      return;
    }
    if (next == null) {
      deadLetter(slot, upstream, new StageException(ErrorKind.VALIDATION, "stateful stage '" + name()
          + "': accumulate returned null for input seq " + slot.seq + "; a state must not be null: the previous state"
          + " is kept. Return the state (or a new one) from accumulate"));
      return;
    }
    state = next;
    sinceEmit++;
    EmitPolicy.Trigger trigger = policy.trigger();
    if (trigger == EmitPolicy.Trigger.ALWAYS
        || (trigger == EmitPolicy.Trigger.EVERY_N && sinceEmit >= policy.count())) {
      output().context(upstream, slot.seq, slot.correlation, slot.depth);
      emitState(trigger == EmitPolicy.Trigger.ALWAYS ? "an input" : sinceEmit + " inputs");
      afterEmit();
    }
  }

  @Override
  void onTimer() {
    output().context(-1, 0, 0, 0);
    emitState("the timer");
    afterEmit();
    long now = timerNow();
    timerDeadline += intervalNanos;
    if (timerDeadline <= now) { // fell behind: do not fire a burst to catch up
      timerDeadline = now + intervalNanos;
    }
  }

  private void emitState(String cause) {
    try {
      stateful.emit(state, output());
    } catch (Halted h) {
      throw h;
    } catch (Exception | Error e) {
      fail("emit of stateful stage '" + name() + "' after " + cause + " failed: " + e, e);
    }
    sinceEmit = 0;
  }

  private void afterEmit() {
    if (policy.afterEmit() == EmitPolicy.AfterEmit.RESET) {
      state = fresh();
    }
  }

  private Object fresh() {
    Object initial;
    try {
      initial = stateful.initial();
    } catch (Halted h) {
      throw h;
    } catch (Exception | Error e) {
      fail("initial() of stateful stage '" + name() + "' failed: " + e, e);
      return null;
    }
    if (initial == null) {
      fail("initial() of stateful stage '" + name() + "' returned null: it must return the empty state", null);
    }
    return initial;
  }
}

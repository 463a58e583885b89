package dev.weir.engine;

import dev.weir.api.ErrorKind;
import dev.weir.contract.ContractViolation;
import dev.weir.event.DeadLetter;
import dev.weir.event.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageResult;
import dev.weir.journal.Journal;
import java.util.List;

/**
 * One stage as a supervised loop on its own thread. Subclasses say what to do with each input and
 * at end of input; the base runs the loop, the wait scheme, errors and reporting. A handler's
 * exception on one input never kills the thread: the input goes to the error journal.
 */
abstract class StageRunner implements Runnable {

  private final int index;
  private final StageDefinition definition;
  private final Supervisor supervisor;
  private final Journal dataJournal;
  private final Journal errorJournal;
  private final Parker parker = new Parker();
  private final Backoff backoff = new Backoff(parker);
  private final Parker.Readiness inputReady = this::inputReady;
  private volatile boolean halted;
  private volatile Thread thread;

  private StageOutput output;
  private EdgeInput[] inputs = new EdgeInput[0];
  private long errorSeq;

  /** Data events read from all inputs; written by the stage thread only. */
  long received;
  /** Data events written (for a sink: receipts); written by the stage thread only. */
  long emitted;
  /** Inputs sent to the error journal; written by the stage thread only. */
  long errors;
  /** When the records of the current batch are stamped. */
  long batchTime;

  StageRunner(int index, StageDefinition definition, Supervisor supervisor, Journal dataJournal, Journal errorJournal) {
    this.index = index;
    this.definition = definition;
    this.supervisor = supervisor;
    this.dataJournal = dataJournal;
    this.errorJournal = errorJournal;
  }

  final int index() {
    return index;
  }

  final String name() {
    return definition.name();
  }

  final StageDefinition definition() {
    return definition;
  }

  final Supervisor supervisor() {
    return supervisor;
  }

  final Parker parker() {
    return parker;
  }

  final StageOutput output() {
    return output;
  }

  final void attachOutput(StageOutput out) {
    this.output = out;
  }

  final void attachInputs(List<EdgeInput> edges) {
    this.inputs = edges.toArray(new EdgeInput[0]);
  }

  final EdgeInput[] inputs() {
    return inputs;
  }

  final boolean halted() {
    return halted;
  }

  /** Stops the loop at its next check and wakes the thread; the supervisor journals why. */
  final void halt() {
    halted = true;
    parker.wakeAlways();
  }

  final Thread thread() {
    return thread;
  }

  final void bindThread(Thread t) {
    thread = t;
    parker.bind(t);
  }

  final StageResult result() {
    return new StageResult(name(), definition.kind(), received, emitted, errors);
  }

  @Override
  public final void run() {
    try {
      supervisor.stageRunning(this);
      execute();
    } catch (Halted halted) {
      // The supervisor halted this stage and journals why.
    } catch (Throwable t) {
      supervisor.stageFailed(this, "engine failure in stage '" + name() + "': " + t, t);
    } finally {
      flushJournals();
    }
  }

  /** The stage's life: read inputs until every one ended, finish, write end of stream. */
  abstract void execute() throws Exception;

  /** Handles one data event from the stage at {@code upstream}. */
  abstract void onData(Slot slot, int upstream) throws Exception;

  /** Reads every input until each delivered its end of stream. */
  final void consumeInputs() throws Exception {
    EdgeInput[] edges = inputs;
    int open = edges.length;
    while (open > 0) {
      if (halted) {
        throw Halted.INSTANCE;
      }
      batchTime = System.currentTimeMillis();
      if (output != null) {
        output.beginBatch(batchTime);
      }
      int handled = 0;
      for (EdgeInput in : edges) {
        if (!in.ended()) {
          handled += in.poll();
          if (in.ended()) {
            open--;
          }
        }
      }
      if (handled > 0) {
        flushJournals();
        backoff.reset();
      } else {
        backoff.idle(inputReady);
      }
    }
  }

  private boolean inputReady() {
    if (halted) {
      return true;
    }
    for (EdgeInput in : inputs) {
      if (in.hasInput()) {
        return true;
      }
    }
    return false;
  }

  /** Waits while the output ring is full; called by the output's emitter. */
  final void awaitCapacity(Parker.Readiness capacity) {
    if (halted) {
      throw Halted.INSTANCE;
    }
    output.wakeup().wakeReaders(); // they may be parked on what this stage published so far
    backoff.idle(capacity);
    if (halted) {
      throw Halted.INSTANCE;
    }
  }

  /** Waits until {@code ready} holds, parking at once; for long waits such as the start signal. */
  final void awaitSignal(Parker.Readiness ready) {
    while (!ready.ready()) {
      backoff.park(ready);
    }
  }

  final void resetBackoff() {
    backoff.reset();
  }

  final void idle(Parker.Readiness ready) {
    backoff.idle(ready);
  }

  /** Sends one failed input to the error journal with its kind and reason; the stage goes on. */
  final void deadLetter(Slot input, int upstream, Exception cause) {
    errors++;
    ErrorKind kind = ErrorClassifier.classify(cause);
    DeadLetter letter = new DeadLetter(kind, cause.getClass().getName(), String.valueOf(cause.getMessage()), input.payload);
    errorJournal.append(++errorSeq, RecordKind.ERROR, upstream, input.seq, input.correlation, input.depth, batchTime, letter);
  }

  /** Reports a broken contract and stops this stage: the flow fails with the evidence. */
  final void contractBroken(ContractViolation violation) {
    supervisor.contractFailed(this, violation);
    halted = true;
    throw Halted.INSTANCE;
  }

  /** Reports a failure that ends the flow and stops this stage. */
  final void fail(String message, Throwable cause) {
    supervisor.stageFailed(this, message, cause);
    halted = true;
    throw Halted.INSTANCE;
  }

  final Journal dataJournal() {
    return dataJournal;
  }

  /** Ends a batch: what the stage journaled becomes visible to journal readers. */
  final void flushJournals() {
    dataJournal.flush();
    errorJournal.flush();
    if (output != null) {
      output.wakeup().wakeReaders();
    }
  }

  @Override
  public String toString() {
    return definition.kind() + " " + name();
  }
}

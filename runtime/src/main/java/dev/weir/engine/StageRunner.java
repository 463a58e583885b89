package dev.weir.engine;

import dev.weir.api.ErrorKind;
import dev.weir.contract.ContractViolation;
import dev.weir.event.Consumed;
import dev.weir.event.Checksum;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EndOfStream;
import dev.weir.flow.ErrorBudget;
import dev.weir.event.RawInput;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageResult;
import dev.weir.flow.StageState;
import dev.weir.journal.Journal;
import dev.weir.journal.JournalException;
import dev.weir.middleware.StageMiddleware;
import dev.weir.middleware.StageWait;
import java.util.List;

/**
 * One stage as a supervised loop on its own thread. Subclasses say what to do with each input and
 * at end of input; the base runs the loop, the wait scheme, timers, errors and reporting. A
 * handler's exception on one input never kills the thread: the input goes to the error journal.
 */
abstract class StageRunner implements Runnable {

  /** Most records handled per poll of one input, so that a busy input cannot starve the others. */
  static final int POLL_BUDGET = 512;

  /** No timer is set. */
  static final long NO_TIMER = Long.MAX_VALUE;
  /** {@link #timerDeadlineSeenFromOutside()} of a stage that has not yet read its emit policy. */
  static final long TIMER_UNDECIDED = Long.MIN_VALUE;

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
  /** What the stage shows while it runs; replaced when its inputs are attached, before its thread starts. */
  private volatile LiveStage live = new LiveStage(0);

  private StageOutput output;
  private StageInput[] inputs = new StageInput[0];
  private int openInputs;
  private long errorSeq;
  private Journal orderJournal;
  private long orderSeq;
  private long orderChecksum = Checksum.EMPTY;
  private long errorChecksum = Checksum.EMPTY;
  /** A sink's running checksum over its receipts; kept by the sink runner. */
  long receiptChecksum = Checksum.EMPTY;
  private ReplayOrder replayOrder;
  /** The stage resumes an interrupted run: after {@link #replayOrder}'s end it goes on live. */
  private boolean liveAfterOrder;
  private boolean recordRuns;
  /** The stage's error budget; null for none (unlimited). */
  private BudgetGuard budget;
  /** The stage's first dead letter, where it came from: for the message of an exceeded budget. */
  private DeadLetter firstError;
  private int firstErrorUpstream;
  private long firstErrorSeq;
  /** The stage's resolved middleware stack; null for none (the hot path only checks for null). */
  private StageMiddleware middleware; // set before any thread starts, never changed: status reads it from others
  private final Parker.Readiness haltReady = () -> halted;
  /** How middleware parks this stage's thread: journals flushed first, a halt ends the wait. */
  private final StageWait stageWait = this::pause;
  /** How often a middleware wait on a run's own clock reads it again. */
  private static final long CLOCK_CHECK_NANOS = 1_000_000L;
  /** A middleware wait on the run's own clock ended and the clock has not yet been told; stage thread only. */
  private boolean clockWaitOver;
  /** The deadline of a middleware wait on the run's own clock, announced at the next flush; {@link #NO_WAIT} for none. */
  private long waitToAnnounce = NO_WAIT;
  private static final long NO_WAIT = Long.MIN_VALUE;
  /**
   * The stage fused onto this one's thread (see {@link #fuse}): it reads only this stage's output, and
   * runs after each of this stage's journal flushes; null for none.
   */
  private StageRunner fused;
  /** The stage on whose thread this one runs; null when it has a thread of its own. */
  private StageRunner host;
  /** A fused stage has finished (completed, stopped or failed); its host's thread only. */
  private boolean fusedDone;
  /**
   * A fused stage is running its step: a flush inside it does not start it again. Written by its
   * host's thread; the supervisor reads it to name the stage a stuck thread is in.
   */
  private volatile boolean fusedBusy;

  /** Data events read from all inputs; written by the stage thread only. */
  long received;
  /** Data events written (for a sink: receipts); written by the stage thread only. */
  long emitted;
  /** Inputs sent to the error journal; written by the stage thread only. */
  long errors;
  /** When the records of the current batch are stamped. */
  long batchTime;
  /** When {@link #onTimer} is due, in {@link #timerNow()} terms; {@link #NO_TIMER} for none. */
  long timerDeadline = NO_TIMER;
  /**
   * {@link #timerDeadline} for other threads (the test kit), written only when the timer is set or
   * fires; {@link #TIMER_UNDECIDED} until a stage that may have a timer has decided whether it has.
   */
  private volatile long publishedTimerDeadline = NO_TIMER;
  /** The clock timers read; null for the system clock, read without a call through the interface. */
  private TimerClock timerClock;
  /** With a seeded fan-in order (the test kit's), the run's turns; null (the default) for the runtime's own order. */
  private volatile FanInTurns turns;

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

  final void attachInputs(List<? extends StageInput> edges) {
    this.inputs = edges.toArray(new StageInput[0]);
    this.openInputs = inputs.length;
    this.live = new LiveStage(inputs.length);
  }

  /** What the stage shows of itself while it runs. */
  final LiveStage live() {
    return live;
  }

  final StageInput[] inputs() {
    return inputs;
  }

  /** Gives this stage its error budget; before its thread starts. */
  final void errorBudget(ErrorBudget value) {
    this.budget = value.isUnlimited() ? null : new BudgetGuard(value);
  }

  /**
   * Gives this stage its order journal: a stage with several inputs records the order in which it
   * consumes them; a stage whose timer fires records where it fired (see {@link #recordRuns}).
   */
  final void recordOrder(Journal journal) {
    this.orderJournal = journal;
  }

  /**
   * Records the runs of input consumed even with a single input, so that where a timer fired
   * between them can be replayed; before the stage consumes anything.
   */
  final void recordRuns() {
    this.recordRuns = true;
  }

  /** Whether what this stage consumes is recorded in its order journal. */
  private boolean recordingOrder() {
    return orderJournal != null && (recordRuns || inputs.length > 1);
  }

  /** Makes this stage consume its inputs in the order an archived run recorded. */
  final void followOrder(ReplayOrder order) {
    this.replayOrder = order;
  }

  /**
   * Makes this stage consume its inputs in the order the interrupted run it resumes recorded, and
   * once that is followed to its end, go on by its own order, its timer firing by the clock again.
   */
  final void resumeOrder(ReplayOrder order) {
    this.replayOrder = order;
    this.liveAfterOrder = true;
  }

  /** Whether the timer fires by the clock: always, except while (or, on a replay, after) following an archive. */
  private boolean timerByClock() {
    return replayOrder == null || (liveAfterOrder && !replayOrder.active());
  }

  final boolean replaying() {
    return replayOrder != null && replayOrder.active();
  }

  /** While {@link #replaying()}: what is left to read of the archived run being followed. */
  final int followedRunLeft() {
    return replayOrder.remaining();
  }

  /** Makes this stage consume its inputs in the turns of {@code fanIn} (see {@link FanInTurns}); before sources start. */
  final void takeTurns(FanInTurns fanIn) {
    this.turns = fanIn;
  }

  /** Whether this stage reads its inputs in seeded turns. */
  final boolean takesTurns() {
    return turns != null;
  }

  /** Whether work of this stage goes on off its thread (an async stage's calls in flight): it is not idle then. */
  boolean busyOffThread() {
    return false;
  }

  /**
   * Whether this stage, idle, waits for the run's own clock (or the test) rather than for input: an
   * async stage whose calls are pending on the kit's manual clock. Seeded turns count it as waiting.
   */
  boolean waitsOnClock() {
    return false;
  }

  /** With seeded turns: this stage is about to act without reading input (a timer, its end, a drain, a result). */
  final void nowActive() {
    FanInTurns t = turns;
    if (t != null) {
      t.state(this, FanInTurns.ACTIVE);
    }
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

  /**
   * Runs {@code downstream}, whose only input is this stage's output and this stage its only reader,
   * on this stage's thread: after each of this stage's journal flushes (the records it reads are
   * committed, under the durability policy, as for a reader on a thread of its own) it reads what
   * was committed; while this stage waits for room in its ring, the flush runs it, and it frees the
   * room. Before the threads start.
   */
  final void fuse(StageRunner downstream) {
    if (!downstream.fusable()) {
      throw new IllegalStateException("stage '" + downstream.name() + "' cannot run on another's thread");
    }
    this.fused = downstream;
    downstream.host = this;
  }

  /** Whether this stage can run on its upstream's thread ({@link #finishFused}); a plain transform or sink can. */
  boolean fusable() {
    return false;
  }

  /** The stage on whose thread this one runs, or null when it has its own. */
  final StageRunner host() {
    return host;
  }

  /**
   * A fused stage's turn on its host's thread: {@link #execute} one step at a time, handling what its
   * input holds batch by batch, and finishing at the input's end of stream; returns whether it finished.
   */
  private boolean stepFused() throws Exception {
    for (;;) {
      if (halted) {
        throw Halted.INSTANCE;
      }
      beginBatch();
      int handled = pollRound(inputs, POLL_BUDGET, null, 0);
      if (handled > 0) {
        endBatch();
        flushJournals();
      }
      if (inputsEnded()) {
        finishFused();
        return true;
      }
      if (handled == 0) {
        return false; // the host gives it its next turn
      }
    }
  }

  /** What a fused stage does once its input ended, as the end of its {@link #execute} does. */
  void finishFused() throws Exception {
    throw new IllegalStateException("stage '" + name() + "' cannot run on another's thread");
  }

  /** A fused stage that will not get another turn lets go of what it holds (a sink aborts). */
  void abandon() {}

  /** The stage whose thread this one runs on: itself, unless it is fused onto another. */
  final StageRunner threadHead() {
    StageRunner head = this;
    while (head.host != null) {
      head = head.host;
    }
    return head;
  }

  /** Reports this stage and every stage fused onto its thread running. */
  private void reportRunning() {
    for (StageRunner r = this; r != null; r = r.fused) {
      r.live.state(StageState.RUNNING);
      supervisor.stageRunning(r);
    }
  }

  /**
   * Gives the fused stage its turn, and handles its end as its own thread's {@link #run} would: a halt
   * stops it, a failure fails the flow naming it. Neither reaches the host, which goes on as it would
   * beside a reader on another thread until the supervisor halts it: a failure of the stage it feeds
   * never surfaces in the host's own handler calls, budget or completion.
   */
  private void runFused() {
    if (fusedDone || fusedBusy) {
      return;
    }
    fusedBusy = true;
    try {
      fusedDone = stepFused();
    } catch (Halted h) {
      fusedDone = true;
      abandon();
      live.state(StageState.STOPPED);
    } catch (JournalException e) {
      fusedDone = true;
      abandon();
      supervisor.stageFailed(this, "journal failure in stage '" + name() + "': " + e.getMessage(), e);
      halt();
      flushAfterFailure();
    } catch (Throwable t) {
      fusedDone = true;
      abandon();
      supervisor.stageFailed(this, "engine failure in stage '" + name() + "': " + t, t);
      halt();
      flushAfterFailure();
    } finally {
      fusedBusy = false;
    }
  }

  /**
   * After a fused stage failed, what its own thread's {@link #run} does in its {@code finally}: ends
   * its batch, so that a journal that failed makes the later ones drop the rest of it
   * ({@link #flushOwnJournals}) instead of writing it when the run closes them.
   */
  private void flushAfterFailure() {
    try {
      flushOwnJournals();
    } catch (RuntimeException e) {
      // already failed: the supervisor has the first cause
    }
  }

  /** The stage this one's thread runs now: the innermost fused stage in its turn, else this one. */
  final StageRunner activeOnThread() {
    StageRunner r = this;
    while (r.fused != null && r.fused.fusedBusy) {
      r = r.fused;
    }
    return r;
  }

  /** The host's thread ends: a fused stage that did not finish is stopped, and so on down the chain. */
  private void hostEnded() {
    for (StageRunner r = fused; r != null; r = r.fused) {
      if (!r.fusedDone) {
        r.fusedDone = true;
        r.live.state(StageState.STOPPED);
        try {
          r.abandon();
        } catch (RuntimeException e) {
          // the run is ending: whatever failed first is what the supervisor reports
        }
      }
    }
  }

  final void bindThread(Thread t) {
    thread = t;
    parker.bind(t);
    if (output != null) {
      output.bindWriter(t);
    }
  }

  final StageResult result() {
    StageMiddleware m = middleware;
    return new StageResult(name(), definition.kind(), received, emitted, errors, m == null ? 0 : m.retryCount(),
        m == null ? 0 : m.fallbackCount(), live.errorsByKind());
  }

  /** Gives this stage its resolved middleware stack; before its thread starts. */
  final void middleware(StageMiddleware stack) {
    this.middleware = stack;
    if (stack != null && timerClock != null) {
      stack.runOn(new StageClock(this));
    }
  }

  /** The stage's middleware stack, or null for none. */
  final StageMiddleware middleware() {
    return middleware;
  }

  final StageWait stageWait() {
    return stageWait;
  }

  /**
   * For a stage whose only middleware is a {@code @RateLimit} (a stateful stage, a join): the input
   * being handled takes a permit, parking until it is due.
   */
  final void paceInput() {
    StageMiddleware m = middleware;
    if (m != null && m.paces()) {
      m.pace(stageWait);
    }
  }

  /**
   * Middleware's wait (a backoff, a rate-limit permit, an open breaker): what this stage wrote so
   * far becomes visible downstream, then the thread parks until {@code nanos} have passed; a halt
   * wakes it and ends the stage.
   */
  private void pause(long nanos) {
    if (halted) {
      throw Halted.INSTANCE;
    }
    TimerClock clock = timerClock;
    if (clock != null) {
      pauseOn(clock, nanos);
      return;
    }
    flushJournals();
    syncPending();
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      parker.park(haltReady, left);
      if (halted) {
        throw Halted.INSTANCE;
      }
    }
  }

  /**
   * {@link #pause} on a run's own clock, which only its owner moves (and without waking anyone):
   * the wait is announced to the clock before the counts are published, and the clock is read
   * every {@link #CLOCK_CHECK_NANOS} until it reaches the deadline.
   */
  private void pauseOn(TimerClock clock, long nanos) {
    long deadline = clock.nanoTime() + nanos;
    clockWaitBegins(deadline);
    syncPending();
    FanInTurns t = turns;
    if (t != null) {
      t.state(this, FanInTurns.CLOCK); // does nothing until the test moves the clock: seeded turns go on
    }
    while (clock.nanoTime() - deadline < 0) {
      parker.park(haltReady, CLOCK_CHECK_NANOS);
      if (halted) {
        clock.doneWaiting(name());
        throw Halted.INSTANCE;
      }
    }
    nowActive();
    clockWaitEnded();
  }

  /**
   * This stage waits, for its middleware, until the run's clock reads {@code deadline} (a backoff, a
   * permit, a call under a {@code @Timeout}): what it wrote so far is flushed and the wait announced
   * before its counts are published; on the stage thread, with a run's own clock only.
   */
  final void clockWaitBegins(long deadline) {
    waitToAnnounce = deadline;
    flushJournals(); // announces the wait along with what the stage wrote before it
  }

  /**
   * The wait is over; the clock hears of it at the end of the batch ({@link #flushJournals}), once
   * the counts of what the stage did after it are published: until then the one moving the clock
   * sees a wait that is due, not a stage that is done.
   */
  final void clockWaitEnded() {
    clockWaitOver = true;
  }

  @Override
  public final void run() {
    try {
      reportRunning();
      execute();
    } catch (Halted halted) {
      // The supervisor halted this stage and journals why.
      live.state(StageState.STOPPED);
    } catch (JournalException e) {
      supervisor.stageFailed(this, "journal failure in stage '" + name() + "': " + e.getMessage(), e);
    } catch (Throwable t) {
      supervisor.stageFailed(this, "engine failure in stage '" + name() + "': " + t, t);
    } finally {
      try {
        flushJournals();
      } catch (RuntimeException e) {
        // already failed: the supervisor has the first cause
      }
      hostEnded();
      FanInTurns t = turns;
      if (t != null) {
        t.state(this, FanInTurns.ENDED);
      }
    }
  }

  /** The stage's life: read inputs until every one ended, finish, write end of stream. */
  abstract void execute() throws Exception;

  /** Handles one data event from the stage at {@code upstream}. */
  abstract void onData(Slot slot, int upstream) throws Exception;

  /** At the end of a batch that handled something, before the journals flush (a sink flushes itself). */
  void endBatch() throws Exception {}

  /** What the STAGE_COMPLETED record adds to the counts; empty for nothing. */
  String completionNote() {
    return "";
  }

  /** A timer set in {@link #timerDeadline} is due. */
  void onTimer() throws Exception {}

  /** Reads every input until each delivered its end of stream. */
  final void consumeInputs() throws Exception {
    consumeUntil(() -> openInputs == 0);
  }

  /** Whether every input has delivered its end of stream. */
  final boolean inputsEnded() {
    return openInputs == 0;
  }

  /**
   * Reads the open inputs, round robin, until {@code done} holds on a round that found nothing to
   * read. Fires the timer when due; parks when idle.
   */
  final void consumeUntil(Parker.Readiness done) throws Exception {
    StageInput[] edges = inputs;
    for (;;) {
      if (halted) {
        throw Halted.INSTANCE;
      }
      beginBatch();
      int handled = 0;
      if (replaying() && replayOrder.timerNext()) {
        // the archived run's timer fired here: fire it at the same point of the input, not by the clock
        appendOrder(replayOrder.timerFired());
        onTimer();
        handled++;
      }
      handled += pollRound(edges, POLL_BUDGET, null, 0);
      boolean timerFired = false;
      if (timerDeadline != NO_TIMER && timerByClock() && timerNow() >= timerDeadline) {
        nowActive();
        if (recordingOrder()) {
          appendOrder(Consumed.timerFired());
        }
        onTimer();
        handled++;
        timerFired = true;
      }
      if (handled > 0) {
        endBatch();
        flushJournals();
        backoff.reset();
        if (timerFired) {
          publishTimerDeadline(); // after the flush: what the timer emitted is counted before it shows
        }
      } else if (done.ready()) {
        nowActive();
        return;
      } else {
        idle(inputReady);
      }
    }
  }

  /**
   * One round over the open inputs: round robin with {@code budget} records each ({@code cap} for
   * {@code capped}), or, when replaying, the next run of the archived order.
   */
  final int pollRound(StageInput[] edges, int budget, StageInput capped, int cap) throws Exception {
    if (replaying() && replayOrder.timerNext()) {
      return 0; // the archive's timer fires first: consumeUntil fires it on its next round
    }
    if (replaying()) {
      StageInput in = edges[replayOrder.input()];
      if (in.ended()) {
        replayOrder.abandon(); // the replay diverged from the archive: from the next round on, round robin
        return 0; // (the caller's own loop shares out what it may take, such as an async stage's window)
      } else {
        int handled = timedPoll(in, Math.min(budget, replayOrder.remaining()));
        afterPoll(in, replayOrder.input(), handled);
        return handled;
      }
    }
    FanInTurns t = turns;
    if (t != null) {
      return seededRound(t, edges, budget);
    }
    int handled = 0;
    for (int i = 0; i < edges.length; i++) {
      StageInput in = edges[i];
      if (!in.ended()) {
        handled += poll(in, i, in == capped ? cap : budget);
      }
    }
    return handled;
  }

  /**
   * {@link #pollRound} in a seeded run: a fan-in reads one record, from the input the chooser picks,
   * at a quiescent point of the run (see {@link FanInTurns}); a stage with one input reads as usual.
   */
  private int seededRound(FanInTurns t, StageInput[] edges, int budget) throws Exception {
    if (edges.length > 1) {
      int chosen = t.takeTurn(this, edges);
      return chosen < 0 ? 0 : pollInput(edges[chosen], chosen, 1);
    }
    return edges.length == 1 && !edges[0].ended() ? pollInput(edges[0], 0, budget) : 0;
  }

  /** Polls input {@code index}, recording the order and counting it closed at its end of stream. */
  final int pollInput(StageInput in, int index, int budget) throws Exception {
    FanInTurns t = turns;
    if (t != null && !t.mayPoll(this, in)) {
      return 0; // seeded: a passive stage stays passive until something is ready
    }
    return poll(in, index, budget);
  }

  /** {@link #pollInput} without the seeded run's check, for the runtime's own round robin. */
  private int poll(StageInput in, int index, int budget) throws Exception {
    clearInterrupt(); // a backflow input reads a journal: a leftover interrupt would close its channel
    long before = received;
    int handled;
    try {
      handled = timedPoll(in, budget);
    } catch (Halted h) {
      // cut short (a cancel): what this poll handled, the input it was in included, may already be in
      // the data journal, which the stage's last flush writes; the order journal must explain it
      int cut = (int) (received - before);
      if (cut > 0 && recordingOrder() && !replaying()) {
        appendOrder(new Consumed(index, cut));
      }
      throw h;
    }
    afterPoll(in, index, handled);
    return handled;
  }

  /**
   * Polls {@code in}; when the run is metered, times the poll (two clock reads per poll, not per
   * input) and counts each data event it handled with its share of that time.
   */
  private int timedPoll(StageInput in, int budget) throws Exception {
    ProcessingTimes times = live.processing();
    if (times == null) {
      return in.poll(budget);
    }
    long before = received;
    long from = System.nanoTime();
    int handled = in.poll(budget);
    long events = received - before;
    if (events > 0) {
      times.record(System.nanoTime() - from, events);
    }
    return handled;
  }

  private void afterPoll(StageInput in, int index, int handled) {
    if (handled > 0 && recordingOrder()) {
      if (replayOrder != null && replayOrder.active()) {
        Consumed run = replayOrder.consumed(handled);
        if (run != null) {
          appendOrder(run);
        }
      } else {
        appendOrder(new Consumed(index, handled));
      }
    }
    if (in.ended()) {
      openInputs--;
    }
  }

  private void appendOrder(Consumed run) {
    int crc = orderJournal.append(orderSeq + 1, RecordKind.CONSUMED, -1, 0, -1, 0, 0, 0, batchTime, run);
    orderChecksum = Checksum.mix(orderChecksum, orderSeq + 1, crc);
    orderSeq++;
  }

  /** Stamps the records of the batch that starts now. */
  final void beginBatch() {
    batchTime = System.currentTimeMillis();
    if (output != null) {
      output.beginBatch(batchTime);
    }
  }

  /** Whether an input has something to read (when replaying: the input the archived order reads next), or the stage halted. */
  final boolean inputReady() {
    if (halted) {
      return true;
    }
    if (replaying()) {
      if (replayOrder.timerNext()) {
        return true;
      }
      StageInput in = inputs[replayOrder.input()];
      return in.hasInput() || in.ended();
    }
    for (StageInput in : inputs) {
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
    flushJournals(); // readers may only read what is committed: commit what this stage wrote so far
    FanInTurns t = turns;
    if (t == null) {
      idle(capacity);
    } else { // seeded: blocked until there is room, then active again
      t.state(this, FanInTurns.BLOCKED);
      while (!capacity.ready()) {
        idle(capacity);
      }
      t.state(this, FanInTurns.ACTIVE);
    }
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

  /** Sets how this stage waits when idle; before its thread starts. */
  final void waitMode(dev.weir.flow.WaitMode mode) {
    backoff.yieldOnly(mode == dev.weir.flow.WaitMode.YIELD);
  }

  /** Sets the clock this stage's timer reads (null: the system clock); before its thread starts. */
  final void timerClock(TimerClock clock) {
    this.timerClock = clock;
    if (clock != null && middleware != null) {
      middleware.runOn(new StageClock(this));
    }
  }

  /** The run's own clock; null for the system clock. */
  final TimerClock timerClockOrNull() {
    return timerClock;
  }

  /** Now for this stage's timer: {@code System.nanoTime()} unless the run was given a clock. */
  final long timerNow() {
    TimerClock clock = timerClock;
    return clock == null ? System.nanoTime() : clock.nanoTime();
  }

  /**
   * When this stage's timer is due, as other threads see it ({@link #NO_TIMER} for none): set by
   * {@link #publishTimerDeadline()} once what a firing emitted is journaled and counted, so a test
   * kit that sees the deadline move past its clock also sees the outputs of that firing.
   */
  final long timerDeadlineSeenFromOutside() {
    return publishedTimerDeadline;
  }

  /** Says that this stage has a timer only once its thread has set it; before the thread starts. */
  final void timerUndecided() {
    publishedTimerDeadline = TIMER_UNDECIDED;
  }

  /** Makes {@link #timerDeadline} visible to other threads; the stage thread calls it when its timer changes. */
  final void publishTimerDeadline() {
    publishedTimerDeadline = timerDeadline;
  }

  final void resetBackoff() {
    backoff.reset();
  }

  /** One step of the wait scheme, never sleeping past the timer. */
  final void idle(Parker.Readiness ready) {
    FanInTurns t = turns;
    if (t != null && !busyOffThread()) {
      t.idle(this, waitsOnClock());
    }
    long maxPark = Backoff.PARK_NANOS;
    if (timerDeadline != NO_TIMER && timerByClock()) { // a replay fires timers where the archive says
      maxPark = Math.max(0, Math.min(maxPark, timerDeadline - timerNow()));
      if (maxPark == 0) {
        return;
      }
    }
    if (backoff.parksNext()) {
      syncPending();
    }
    backoff.idle(ready, maxPark);
  }

  /** Sends one failed input to the error journal with its kind and reason; the stage goes on. */
  final void deadLetter(Slot input, int upstream, Exception cause) {
    deadLetter(input.payload, upstream, input.seq, input.correlation, input.depth, cause);
  }

  /** Sends one failed input to the error journal with its kind and reason; the stage goes on. */
  final void deadLetter(Object input, int upstream, long seq, long correlation, int depth, Exception cause) {
    deadLetter(input, upstream, seq, correlation, depth, ErrorClassifier.classify(cause), cause);
  }

  /** As {@link #deadLetter(Object, int, long, long, int, Exception)} with the kind chosen by the caller. */
  final void deadLetter(Object input, int upstream, long seq, long correlation, int depth, ErrorKind kind, Throwable cause) {
    deadLetter(input, upstream, seq, correlation, depth, kind, cause, true, 1);
  }

  /** The input middleware gave up on after {@code attempts} calls (or turned away): to the error journal. */
  final void deadLetterAfter(Object input, int upstream, long seq, long correlation, int depth, ErrorKind kind,
      Throwable cause, int attempts) {
    deadLetter(input, upstream, seq, correlation, depth, kind, cause, true, attempts);
  }

  private void deadLetter(Object input, int upstream, long seq, long correlation, int depth, ErrorKind kind,
      Throwable cause, boolean spend) {
    deadLetter(input, upstream, seq, correlation, depth, kind, cause, spend, 1);
  }

  private void deadLetter(Object input, int upstream, long seq, long correlation, int depth, ErrorKind kind,
      Throwable cause, boolean spend, int attempts) {
    if (cause instanceof JournalException je && je.fatal()) {
      throw je; // a journal that failed cannot take dead letters either: the flow fails
    }
    if (halted) {
      // the run is ending (cancel, failure elsewhere): a handler cut short by it did not fail on
      // its input, which stays in its upstream journal, not delivered
      throw Halted.INSTANCE;
    }
    appendDeadLetter(new DeadLetter(kind, cause.getClass().getName(), String.valueOf(cause.getMessage()), input,
        attempts), upstream, seq, correlation, depth, spend);
  }

  /**
   * Sends raw input that never became an item to the error journal; it descends from the event
   * being handled ({@code upstream}, {@code seq}), or from nothing in a source ({@code upstream} -1).
   */
  final void reject(String raw, int upstream, long seq, long correlation, int depth, ErrorKind kind, String reason) {
    appendDeadLetter(new DeadLetter(kind, "rejected", reason, new RawInput(raw)), upstream, seq, correlation, depth, true);
  }

  /**
   * Sends one input to the error journal with a dead letter made elsewhere (a sink skipped on replay
   * copies the original run's); the stage goes on.
   */
  final void deadLetter(Slot input, int upstream, DeadLetter letter) {
    deadLetter(upstream, input.seq, input.correlation, input.depth, letter);
  }

  /** As {@link #deadLetter(Slot, int, DeadLetter)} for the input {@code (upstream, seq)}. */
  final void deadLetter(int upstream, long seq, long correlation, int depth, DeadLetter letter) {
    if (halted) {
      throw Halted.INSTANCE;
    }
    appendDeadLetter(letter, upstream, seq, correlation, depth, true);
  }

  /**
   * As {@link #reject}, for a failure that fails the flow anyway (a source whose close failed): it is
   * recorded and counted, but not judged against the error budget, so the run fails for its own reason.
   */
  final void recordFailure(String raw, int upstream, long seq, long correlation, int depth, ErrorKind kind,
      String reason) {
    appendDeadLetter(new DeadLetter(kind, "rejected", reason, new RawInput(raw)), upstream, seq, correlation, depth,
        false);
  }

  /**
   * The one place a dead letter is written: counts it, appends it to the error journal (folded into
   * that journal's checksum) and, when {@code spend}, judges the stage's error budget, failing the
   * flow once it is exceeded (after flushing, so that every dead letter so far is in the journal).
   */
  private void appendDeadLetter(DeadLetter letter, int upstream, long seq, long correlation, int depth, boolean spend) {
    errors++;
    live.countError(letter.kind());
    int crc = errorJournal.append(errorSeq + 1, RecordKind.ERROR, upstream, seq, -1, 0, correlation, depth, batchTime, letter);
    errorChecksum = Checksum.mix(errorChecksum, ++errorSeq, crc);
    if (firstError == null) {
      firstError = letter;
      firstErrorUpstream = upstream;
      firstErrorSeq = seq;
    }
    if (spend && budget != null) {
      boolean overCount = budget.countExceeded(errors);
      if (overCount | budget.rateExceeded(failedInput())) { // not ||: the window takes every failed input
        flushOwnJournals();
        fail(budgetExceeded(overCount), null);
      }
    }
  }

  /**
   * The number (1-based) of the input the dead letter being written belongs to, for the budget's
   * window: the input being handled, which is the latest one read. A source counts what it emitted
   * and rejected; an async stage, the input of the call that failed.
   */
  long failedInput() {
    return inputsSoFar();
  }

  /** {@code stage 'validate' exceeded its error budget: 11 errors, budget 10; first: VALIDATION on orders#17: ...}. */
  private String budgetExceeded(boolean overCount) {
    BudgetGuard g = budget;
    StringBuilder sb = new StringBuilder("stage '").append(name()).append("' exceeded its error budget: ");
    if (overCount) {
      sb.append(errors).append(errors == 1 ? " error" : " errors").append(", budget ")
          .append(g.budget().errorLimit().getAsLong());
    } else {
      sb.append(g.failedInWindow()).append(" failed among its last ").append(Math.min(inputsSoFar(), g.window()))
          .append(" inputs, budget ").append(ErrorBudget.percent(g.budget().rateLimit().getAsDouble())).append(" of ")
          .append(g.window()).append(" inputs (").append(g.allowedInWindow()).append("); ").append(errors)
          .append(errors == 1 ? " error" : " errors").append(" in all");
    }
    DeadLetter first = firstError;
    sb.append("; first: ").append(first.kind());
    if (firstErrorUpstream >= 0) {
      sb.append(" on ").append(upstreamName(firstErrorUpstream)).append('#').append(firstErrorSeq);
    }
    return sb.append(": ").append(first.message()).toString();
  }

  /** How many inputs this stage has had, as its error budget counts them: the data events it read. */
  long inputsSoFar() {
    return received;
  }

  /**
   * A handler threw an {@link Error} (or a {@link ClassCastException}: its types do not fit the
   * definition) on one input: the input goes to the error journal as {@code UNKNOWN}, so that it is
   * recorded, and then the flow fails naming this stage, the input and the error. One rule for
   * every handler kind: such a throwable means the handler or the JVM is broken, not the input.
   */
  final void handlerBroke(String call, Slot input, int upstream, Throwable cause) {
    handlerBroke(call, input.payload, upstream, input.seq, input.correlation, input.depth, cause);
  }

  /** As {@link #handlerBroke(String, Slot, int, Throwable)} for an input held elsewhere. */
  final void handlerBroke(String call, Object input, int upstream, long seq, long correlation, int depth, Throwable cause) {
    String where = call + " of stage '" + name() + "' on input seq " + seq + " from '" + upstreamName(upstream) + "'";
    String why = cause instanceof ClassCastException
        ? where + " threw " + cause + ": the handler's types do not fit the stage's definition; make the element"
            + " types of the stage and its edges match what the handler takes and returns"
        : where + " threw " + cause + ": an Error fails the flow (the input is in the error journal)";
    try {
      deadLetter(input, upstream, seq, correlation, depth, ErrorKind.UNKNOWN, cause, false); // fails below, for its own reason
      flushOwnJournals();
    } catch (RuntimeException | Error recordFailed) {
      cause.addSuppressed(recordFailed); // the failure below is what matters
    }
    fail(why, cause);
  }

  /** The name of the stage at index {@code upstream} among this stage's inputs. */
  final String upstreamName(int upstream) {
    for (StageInput in : inputs) {
      if (in.writer().index() == upstream) {
        return in.writer().name();
      }
    }
    return "#" + upstream;
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

  /** Writes this stage's end of stream and reports it completed. */
  final void complete() {
    nowActive();
    long now = System.currentTimeMillis();
    if (output != null) {
      output.writeEndOfStream(now);
    }
    completeJournals(now);
    flushOwnJournals();
    supervisor.stageCompleted(this);
    FanInTurns t = turns;
    if (t != null) {
      t.state(this, FanInTurns.ENDED); // here, not only at the end of run(): a stage on another's thread has none
    }
    if (fused != null) {
      fused.runFused(); // after this stage's completion: the stage it feeds reads the end of stream now
    }
  }

  /**
   * Ends every journal of this stage but its data journal (which the output ends, with the checksum
   * its readers check) with an end of stream: a completed run's every journal ends with one, so a
   * journal cut short afterwards is told from one that was simply short.
   */
  final void completeJournals(long epochMillis) {
    if (output == null) { // a sink: its data journal holds its receipts
      dataJournal.append(emitted + 1, RecordKind.END_OF_STREAM, -1, 0, -1, 0, 0, 0, epochMillis,
          new EndOfStream(emitted, receiptChecksum));
    }
    errorJournal.append(errorSeq + 1, RecordKind.END_OF_STREAM, -1, 0, -1, 0, 0, 0, epochMillis,
        new EndOfStream(errorSeq, errorChecksum));
    if (orderJournal != null) {
      orderJournal.append(orderSeq + 1, RecordKind.END_OF_STREAM, -1, 0, -1, 0, 0, 0, epochMillis,
          new EndOfStream(orderSeq, orderChecksum));
    }
  }

  /** Ends a batch: what the stage journaled becomes visible, parked readers wake, and a stage fused onto this one reads it. */
  final void flushJournals() {
    flushOwnJournals();
    if (fused != null) {
      fused.runFused(); // what this flush committed is read on this thread, now
    }
  }

  /**
   * {@link #flushJournals} without the fused stage's turn: before this stage fails or reports its
   * completion, which come first, as they would with the fused stage on a thread of its own.
   */
  final void flushOwnJournals() {
    clearInterrupt();
    try {
      if (orderJournal != null) {
        // first: after a crash the order journal is never behind the outputs of what it orders, so a
        // resume that follows it produces those outputs again, in the same order
        orderJournal.flush();
      }
      // dead letters before data: after a crash a source's error journal holds every input it rejected
      // before its last journaled event, which is how a resumed source finds its position
      errorJournal.flush();
    } catch (RuntimeException e) {
      errorJournal.discardPending(); // nor may a later journal hold, once closed, the rest of the batch
      dataJournal.discardPending();
      throw e;
    }
    dataJournal.flush();
    if (output != null) {
      output.commit();
      output.wakeup().wakeReaders();
    }
    long announce = waitToAnnounce;
    if (announce != NO_WAIT) { // only on a run's own clock
      // the counts of what came before the wait first: whoever sees the wait (a test kit settling the
      // flow) must not see it beside counts that miss the batch flushed just now
      live.publish(received, emitted, errors, inputs);
      waitToAnnounce = NO_WAIT;
      clockWaitOver = false; // the new wait replaces the one that ended
      timerClock.waitingUntil(name(), announce); // before the counts: nobody sees them complete and no wait
    }
    live.publish(received, emitted, errors, inputs); // after the flush: a count never runs ahead of its journal
    if (clockWaitOver) {
      clockWaitOver = false;
      timerClock.doneWaiting(name());
    }
  }

  /**
   * Before idling: makes the journals of every stage this thread runs (this one, its host and the
   * stages fused onto them) sync what they wrote but have not synced yet.
   */
  final void syncPending() {
    for (StageRunner r = threadHead(); r != null; r = r.fused) {
      r.syncOwnPending();
    }
  }

  private void syncOwnPending() {
    clearInterrupt();
    dataJournal.syncPending();
    errorJournal.syncPending();
    if (orderJournal != null) {
      orderJournal.syncPending();
    }
  }

  /**
   * Clears an interrupt flag that a handler left set, before journal I/O and parking: NIO closes a
   * file channel used by an interrupted thread (the journal would fail the flow) and an interrupted
   * thread cannot park (an idle stage would spin). Called at batch granularity, after handler calls.
   * The supervisor's halt still works: it sets {@link #halted} before it interrupts, and the loops
   * and every readiness check test that flag.
   */
  static void clearInterrupt() {
    Thread.interrupted();
  }

  @Override
  public String toString() {
    return definition.kind() + " " + name();
  }
}

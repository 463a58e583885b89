package dev.weir.engine;

import dev.weir.api.ErrorKind;
import dev.weir.flow.StageState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a stage shows of itself while it runs, for {@link dev.weir.flow.FlowHandle#status()} and
 * metrics: its counts as of its last finished batch (published once per batch by its own thread,
 * never per event), the count read from each input, its errors by kind and its state. Read from
 * any thread.
 */
final class LiveStage {

  private static final ErrorKind[] KINDS = ErrorKind.values();

  private volatile long received;
  private volatile long emitted;
  private volatile long errors;
  private volatile StageState state = StageState.CREATED;
  private volatile long blockedNanos;
  /** The time each input took to handle, once the run is metered; null (the default) for none. */
  private volatile ProcessingTimes processing;
  private final AtomicLongArray inputReceived;
  private final AtomicLongArray errorsByKind = new AtomicLongArray(KINDS.length);

  LiveStage(int inputs) {
    this.inputReceived = new AtomicLongArray(Math.max(inputs, 0));
  }

  /** On the stage thread, at the end of a batch. */
  void publish(long receivedNow, long emittedNow, long errorsNow, StageInput[] inputs) {
    for (int i = 0; i < inputs.length && i < inputReceived.length(); i++) {
      if (inputs[i] instanceof EdgeReader r) {
        inputReceived.lazySet(i, r.received());
      }
    }
    received = receivedNow;
    emitted = emittedNow;
    errors = errorsNow;
  }

  /** On the stage thread, for each dead letter (not a per-event cost of a healthy stage). */
  void countError(ErrorKind kind) {
    errorsByKind.incrementAndGet(kind.ordinal());
  }

  /** Moves to {@code next} unless the stage already ended (a late halt does not turn COMPLETED into STOPPED). */
  void state(StageState next) {
    StageState now = state;
    if (now == StageState.CREATED || now == StageState.RUNNING) {
      state = next;
    }
  }

  /** Times every input the stage handles from now on (metering); returns the histogram they go into. */
  synchronized ProcessingTimes timeProcessing() {
    if (processing == null) {
      processing = new ProcessingTimes();
    }
    return processing;
  }

  /** Where the handling time of each input goes, or null when nothing times it. */
  ProcessingTimes processing() {
    return processing;
  }

  /** On the stage thread, after it waited for room in its full output ring. */
  void blocked(long nanos) {
    blockedNanos += nanos; // one writer: the stage thread
  }

  long blockedNanos() {
    return blockedNanos;
  }

  StageState state() {
    return state;
  }

  long received() {
    return received;
  }

  long emitted() {
    return emitted;
  }

  long errors() {
    return errors;
  }

  /** Data events read so far from input {@code i} (in the order the stage's inputs were attached). */
  long inputReceived(int i) {
    return i < inputReceived.length() ? inputReceived.get(i) : 0;
  }

  Map<ErrorKind, Long> errorsByKind() {
    Map<ErrorKind, Long> out = new EnumMap<>(ErrorKind.class);
    for (ErrorKind k : KINDS) {
      long n = errorsByKind.get(k.ordinal());
      if (n > 0) {
        out.put(k, n);
      }
    }
    return out;
  }
}

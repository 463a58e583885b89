package dev.weir.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.weir.api.Emitter;
import dev.weir.event.Checksum;
import dev.weir.flow.EndOfStream;
import dev.weir.flow.RecordKind;
import dev.weir.journal.Journal;

/**
 * A stage's output: its one ring (the stage's thread is the single producer) and its data journal.
 * Each emitted event gets the next writer seq, is appended to the journal and folded into the
 * running checksum, then published to the ring. Readers poll only up to the {@link #committed}
 * sequence, which moves at the end of each batch after the journal flushed it (and synced it, per
 * the durability policy): nothing is visible downstream before its writer's journal holds it. A
 * full ring blocks the emitter until a reader frees space (backpressure).
 */
final class StageOutput implements Emitter<Object> {

  private final StageRunner owner;
  private final RingBuffer<Slot> ring;
  private final ReaderWakeup wakeup;
  private final Sequence committed = new Sequence();
  private final Journal journal;
  private final int stageIndex;
  private final String stage;
  private final FaultInjector faults;
  private final boolean faulty;
  private final Parker.Readiness capacityReady;
  private final Class<?> outputClass;
  private final String outputType;
  private final boolean isolate;

  private long writerSeq;
  private long checksum = Checksum.EMPTY;
  private long batchTime;

  // Where the event being handled came from; what it emits descends from it.
  private int parentStage = -1;
  private long parentSeq;
  private int joinedStage = -1;
  private long joinedSeq;
  private long correlation;
  private int depth;
  private boolean rootEvents;

  // Swap fault: an event held back to be published after the next one.
  private boolean holding;
  private long heldSeq;
  private long heldCorrelation;
  private Object heldPayload;
  private int heldCrc;
  private byte[] heldBytes;
  private Thread writerThread;

  StageOutput(StageRunner owner, RingBuffer<Slot> ring, ReaderWakeup wakeup, Journal journal, int stageIndex, String stage,
      FaultInjector faults, dev.weir.flow.ElementType output) {
    this.owner = owner;
    this.ring = ring;
    this.wakeup = wakeup;
    this.journal = journal;
    this.stageIndex = stageIndex;
    this.stage = stage;
    this.faults = faults;
    this.faulty = faults != FaultInjector.NONE;
    this.capacityReady = () -> owner.halted() || ring.hasAvailableCapacity(1);
    this.outputClass = boxed(output.rawType());
    this.outputType = output.typeName();
    this.isolate = !dev.weir.event.Immutability.deeplyImmutable(output.type());
  }

  private static Class<?> boxed(Class<?> c) {
    return c.isPrimitive() ? java.lang.invoke.MethodType.methodType(c).wrap().returnType() : c;
  }

  RingBuffer<Slot> ring() {
    return ring;
  }

  /** How far readers may read: the last ring sequence whose event the journal has flushed. */
  Sequence committed() {
    return committed;
  }

  /** After a journal flush: lets readers see everything published so far. */
  void commit() {
    long cursor = ring.getCursor();
    if (committed.get() != cursor) {
      committed.set(cursor);
    }
  }

  /** Wakes this ring's parked readers on publish; readers register here. */
  ReaderWakeup wakeup() {
    return wakeup;
  }

  /** Events emitted now are roots: they have no parent, and their own identity is their correlation id. */
  void rootContext() {
    rootEvents = true;
    parentStage = -1;
    parentSeq = 0;
    depth = 0;
  }

  /** Events emitted now descend from {@code (parentStage, parentSeq)}. */
  void context(int parentStage, long parentSeq, long correlation, int depth) {
    this.parentStage = parentStage;
    this.parentSeq = parentSeq;
    this.correlation = correlation;
    this.depth = depth;
    this.joinedStage = -1;
    this.joinedSeq = 0;
  }

  /** Events emitted now were joined with the reference event {@code (stage, seq)}. */
  void joinedWith(int stage, long seq) {
    this.joinedStage = stage;
    this.joinedSeq = seq;
  }

  /** Stamps the records of the batch that starts now. */
  void beginBatch(long epochMillis) {
    batchTime = epochMillis;
  }

  /** Data events written so far. */
  long written() {
    return writerSeq;
  }

  @Override
  public void emit(Object payload) {
    write(payload, false);
  }

  /** Emits what a circuit breaker's fallback answered: journaled like any output, and marked as a fallback. */
  void emitFallback(Object payload) {
    write(payload, true);
  }

  private void write(Object payload, boolean fallback) {
    if (Thread.currentThread() != writerThread) {
      throw foreignThread("emit");
    }
    if (payload == null) {
      throw new NullPointerException("stage '" + stage + "' emitted null: events must not be null");
    }
    if (!outputClass.isInstance(payload)) {
      throw new ClassCastException("stage '" + stage + "' emitted a " + payload.getClass().getName()
          + ", but its output type is " + outputType + ": the handler does not fit the flow definition");
    }
    if (faulty && faults.loseWrite(stage, writerSeq + 1)) {
      return;
    }
    long seq = writerSeq + 1;
    long corr = rootEvents ? ((long) stageIndex << 40) | seq : correlation;
    int crc = journal.append(seq, RecordKind.DATA, parentStage, parentSeq, joinedStage, joinedSeq, corr, depth, batchTime,
        payload, fallback);
    writerSeq = seq; // only once the journal took it: a refused append leaves no gap
    checksum = Checksum.mix(checksum, seq, crc);
    owner.emitted++;
    // a value that can change is not shared: readers decode their own copies of the journaled bytes
    Object shared = isolate ? null : payload;
    byte[] bytes = isolate ? journal.lastPayload() : null;
    if (faulty) {
      publishWithFaults(seq, corr, shared, crc, bytes);
    } else {
      publish(Slot.DATA, seq, corr, shared, 0L, crc, bytes);
    }
  }

  /**
   * The single-producer ring and the journal belong to the stage's thread: an emit from any other
   * thread would corrupt both. It is refused, and the flow fails, since the event cannot be kept.
   */
  private IllegalStateException foreignThread(String what) {
    String message = "stage '" + stage + "': " + what + " was called from thread '" + Thread.currentThread().getName()
        + "', not the stage's own thread; emit only inside the handler call that received the emitter (for work on"
        + " other threads, use an AsyncTransform)";
    owner.supervisor().stageFailed(owner, message, null);
    owner.halt();
    return new IllegalStateException(message);
  }

  /** The thread that runs this stage: the only one that may emit. Set before that thread starts. */
  void bindWriter(Thread t) {
    this.writerThread = t;
  }

  @Override
  public void reject(String raw, dev.weir.api.ErrorKind kind, String reason) {
    if (Thread.currentThread() != writerThread) {
      throw foreignThread("reject");
    }
    java.util.Objects.requireNonNull(raw, "raw");
    java.util.Objects.requireNonNull(kind, "kind");
    // a source's dead letter carries, as its correlation id, how many events the source had emitted
    // before it: where it stands among them, which a resumed source continues from
    owner.reject(raw, parentStage, parentSeq, rootEvents ? writerSeq : correlation, depth, kind, String.valueOf(reason));
  }

  /** Writes this stage's end of stream: journaled, then published to every reader. */
  void writeEndOfStream(long epochMillis) {
    if (holding) {
      publish(Slot.DATA, heldSeq, heldCorrelation, heldPayload, 0L, heldCrc, heldBytes);
      holding = false;
    }
    journal.append(writerSeq + 1, RecordKind.END_OF_STREAM, -1, 0, -1, 0, 0, 0, epochMillis,
        new EndOfStream(writerSeq, checksum));
    publish(Slot.END_OF_STREAM, writerSeq, 0L, null, checksum, 0, null);
  }

  private void publish(byte kind, long seq, long corr, Object payload, long eosChecksum, int payloadCrc, byte[] bytes) {
    long at = claim();
    Slot s = ring.get(at);
    s.kind = kind;
    s.seq = seq;
    s.parentStage = stageIndex;
    s.parentSeq = parentSeq;
    s.joinedStage = joinedStage;
    s.joinedSeq = joinedSeq;
    s.correlation = corr;
    s.depth = depth;
    s.payload = payload;
    s.checksum = eosChecksum;
    s.payloadCrc = payloadCrc;
    s.bytes = bytes;
    ring.publish(at);
  }

  /** Events in the ring that not every reader has read yet; from any thread. */
  long ringOccupancy() {
    return ring.getBufferSize() - ring.remainingCapacity();
  }

  private long claim() {
    for (;;) {
      try {
        long at = ring.tryNext();
        return at;
      } catch (InsufficientCapacityException full) {
        long from = System.nanoTime(); // the slow path only: a full ring
        owner.awaitCapacity(capacityReady);
        owner.live().blocked(System.nanoTime() - from);
      }
    }
  }

  private void publishWithFaults(long seq, long corr, Object payload, int crc, byte[] bytes) {
    if (faults.drop(stage, seq)) {
      return;
    }
    if (!holding && faults.swapWithNext(stage, seq)) {
      holding = true;
      heldSeq = seq;
      heldCorrelation = corr;
      heldPayload = payload;
      heldCrc = crc;
      heldBytes = bytes;
      return;
    }
    int seen = faults.corrupt(stage, seq) ? crc ^ 0x10 : crc; // a changed bit in what readers get
    publish(Slot.DATA, seq, corr, payload, 0L, seen, bytes);
    if (faults.duplicate(stage, seq)) {
      publish(Slot.DATA, seq, corr, payload, 0L, seen, bytes);
    }
    if (holding) {
      holding = false;
      publish(Slot.DATA, heldSeq, heldCorrelation, heldPayload, 0L, heldCrc, heldBytes);
      heldPayload = null;
      heldBytes = null;
    }
  }
}

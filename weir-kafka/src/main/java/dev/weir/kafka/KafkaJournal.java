package dev.weir.kafka;

import dev.weir.flow.EventRef;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.RecordKind;
import dev.weir.journal.BatchSeal;
import dev.weir.journal.FrameCodec;
import dev.weir.journal.Journal;
import dev.weir.journal.JournalException;
import dev.weir.journal.RederivedPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One journal as a topic of one partition: each record a Kafka record whose value is its frame
 * ({@link FrameCodec}), at offset seq - 1. An append encodes the record; {@link #flush()} hands the
 * batch's frames to the run's idempotent producer and returns once the broker acknowledged every
 * one of them (acks from all in-sync replicas), and only then do readers of this journal see the
 * batch. Nothing is sent before the flush, so a stage's journals reach the broker in the order its
 * flush goes through them (order and error journals before data), as on disk. A failed send fails
 * the journal: every later append and flush throws, naming the topic and the seqs. With a key, the
 * batch's last record carries its seal ({@link BatchSeal}) in its {@value KafkaJournals#SEAL_HEADER}
 * header.
 *
 * <p>A journal of a resumed run starts with what its topic holds: until its stage has produced all of
 * that again, an append of one of those seqs is checked against the record there
 * ({@link RederivedPrefix}) and not sent; with a key, records after the topic's last seal (a batch
 * whose flush the interrupted run did not finish) are sealed with the first new batch.
 */
final class KafkaJournal implements Journal {

  private final String id;
  private final String topic;
  private final List<String> stageNames;
  /** Null for a journal open for reading only. */
  private final Producer<byte[], byte[]> producer;
  private final FrameCodec writer;
  /** Decodes what {@link #read} fetched; one reading thread at a time. */
  private final FrameCodec decoder;
  private final TopicReader reader;
  private final long timeoutMillis;
  /** With a key: seals each batch, the last record of a batch carrying the tag. */
  private final BatchSeal seal;

  // the writer's thread only
  /** The batch's frames from seq {@link #batchFirst}: the first {@link #sentAlready} were in the topic before. */
  private final List<byte[]> unsent = new ArrayList<>();
  private int sentAlready;
  private byte[] prevTag;
  /** The tag of the last batch the broker acknowledged: what the run's seal covers. */
  private volatile byte[] ackedTag;
  private Future<RecordMetadata>[] pending = newPending(256);
  private int pendingCount;
  private long appended;
  private long batchFirst;
  private JournalException broken;
  private String discarded;
  /** While a resumed run produces again what the topic held: those records, else null. */
  private RederivedPrefix prefix;

  /** Whether {@link #prefix} is set, for {@link #lastSeq()} on other threads. */
  private volatile boolean rederiving;
  /** While {@link #prefix} is set: the last seq the resumed run has produced again. */
  private volatile long rederived;
  private volatile long visible;
  private volatile long bytesWritten;

  /**
   * @param held the records the topic holds already (0 for a new run)
   * @param lastTag with a key: the tag of the topic's last seal ({@link BatchSeal#first()} if none)
   * @param unsealed with a key: the frames after the topic's last seal, which the next batch seals
   */
  KafkaJournal(String id, String topic, List<String> stageNames, Producer<byte[], byte[]> producer, FrameCodec writer,
      FrameCodec decoder, TopicReader reader, Duration timeout, BatchSeal seal, long held, byte[] lastTag,
      List<byte[]> unsealed) {
    this.seal = seal;
    this.id = id;
    this.topic = topic;
    this.stageNames = stageNames;
    this.producer = producer;
    this.writer = writer;
    this.decoder = decoder;
    this.reader = reader;
    this.timeoutMillis = timeout.toMillis();
    this.appended = held;
    this.visible = held;
    this.prevTag = lastTag.clone();
    this.ackedTag = prevTag;
    this.unsent.addAll(unsealed);
    this.sentAlready = unsealed.size();
    this.batchFirst = held - unsealed.size() + 1;
  }

  @SuppressWarnings("unchecked")
  private static Future<RecordMetadata>[] newPending(int n) {
    return (Future<RecordMetadata>[]) new Future<?>[n];
  }

  @Override
  public String id() {
    return id;
  }

  /** The topic this journal is. */
  String topic() {
    return topic;
  }

  /**
   * For a resumed run: the records the topic holds are produced again by the stage before anything
   * new; from now on an append of one of those seqs is checked against the record there and not sent.
   * Call it before the first append.
   */
  void rederivePrefix() {
    if (appended > 0) {
      prefix = new RederivedPrefix(this, appended);
      rederived = 0;
      rederiving = true;
    }
  }

  @Override
  public int append(long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq,
      long correlationId, int depth, long timestamp, Object payload) {
    return append(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth, timestamp, payload,
        false);
  }

  @Override
  public int append(long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq,
      long correlationId, int depth, long timestamp, Object payload, boolean fallback) {
    if (broken != null) {
      throw broken;
    }
    if (discarded != null) {
      throw new IllegalStateException("journal " + id + " takes no more appends: " + discarded);
    }
    if (producer == null) {
      throw new IllegalStateException("journal " + id + " (topic " + topic + ") is open for reading only");
    }
    long after = prefix != null ? rederived : appended;
    if (seq != after + 1) {
      throw new IllegalStateException("journal " + id + ": append of seq " + seq + " after seq " + after
          + " (seqs must follow each other without gaps)");
    }
    byte[] frame = writer.encode(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth,
        timestamp, payload, fallback); // refused whole (too large, not encodable): nothing was sent
    if (prefix != null) {
      prefix.check(seq, kind, ref(parentStage, parentSeq), ref(joinedStage, joinedSeq), correlationId, depth, fallback,
          payload, writer.lastPayloadCrc());
      rederived = seq;
      if (seq == prefix.last()) {
        prefix = null; // what follows is new
        rederiving = false;
      }
      return writer.lastPayloadCrc();
    }
    unsent.add(frame);
    bytesWritten += frame.length;
    appended = seq;
    return writer.lastPayloadCrc();
  }

  private EventRef ref(int stage, long seq) {
    return stage < 0 || stage >= stageNames.size() ? EventRef.NONE : new EventRef(stageNames.get(stage), seq);
  }

  private void send(long seq, byte[] frame, Iterable<org.apache.kafka.common.header.Header> headers) {
    if (pendingCount == pending.length) {
      pending = Arrays.copyOf(pending, pendingCount * 2);
    }
    Future<RecordMetadata> sent;
    try {
      sent = producer.send(new ProducerRecord<>(topic, 0, null, null, frame, headers));
    } catch (RuntimeException e) {
      throw fail("cannot send seq " + seq, e);
    }
    // the producer reports most failures of a send (no metadata within max.block.ms, a record too
    // large) as a future that has failed already, not by throwing: seen now, or every further send
    // of the batch would wait out the timeout again
    if (sent.isDone()) {
      try {
        sent.get();
      } catch (ExecutionException e) {
        throw fail("cannot send seq " + seq, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw fail("interrupted while sending seq " + seq, e);
      }
    }
    pending[pendingCount++] = sent;
  }

  /** Sends the batch's frames not in the topic yet; with a key, the last one carries the batch's seal. */
  private void sendBatch() {
    byte[] tag = seal == null ? null : seal.tag(batchFirst, appended, prevTag, unsent);
    int last = unsent.size() - 1;
    for (int i = sentAlready; i <= last; i++) {
      send(batchFirst + i, unsent.get(i), tag == null || i < last ? null
          : List.of(new org.apache.kafka.common.header.internals.RecordHeader(KafkaJournals.SEAL_HEADER,
              KafkaJournals.sealValue(batchFirst, appended, tag))));
    }
    if (tag != null) {
      prevTag = tag; // the broker holds it once the flush returns; a failed flush fails the journal
    }
  }

  /** The tag of the last sealed batch the broker acknowledged (with a key), for the run's seal. */
  byte[] lastTag() {
    return ackedTag.clone();
  }

  @Override
  public byte[] lastPayload() {
    return writer.lastPayload();
  }

  @Override
  public void flush() {
    if (broken != null) {
      throw broken;
    }
    if (unsent.size() == sentAlready) {
      return; // nothing new (a resumed run producing again what the topic holds sends nothing)
    }
    long firstSent = batchFirst + sentAlready;
    sendBatch();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (int i = 0; i < pendingCount; i++) {
      long seq = firstSent + i;
      try {
        RecordMetadata m = pending[i].get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (m.offset() != seq - 1) {
          throw fail("seq " + seq + " landed at offset " + m.offset() + " instead of " + (seq - 1)
              + " (another writer on the topic: is the run resumed twice at once?)", null);
        }
      } catch (ExecutionException e) {
        throw fail("Kafka did not take seqs " + seq + ".." + appended, e.getCause());
      } catch (TimeoutException e) {
        throw fail("Kafka did not acknowledge seqs " + seq + ".." + appended + " within " + timeoutMillis + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw fail("interrupted while waiting for Kafka to acknowledge seqs " + seq + ".." + appended, e);
      }
    }
    Arrays.fill(pending, 0, pendingCount, null);
    pendingCount = 0;
    unsent.clear();
    sentAlready = 0;
    batchFirst = appended + 1;
    ackedTag = prevTag;
    visible = appended;
  }

  /**
   * Drops the batch, which was not sent: the journal takes no more appends, and a reader sees only
   * what was flushed before.
   */
  @Override
  public void discardPending() {
    prefix = null;
    rederiving = false;
    unsent.subList(sentAlready, unsent.size()).clear();
    Arrays.fill(pending, 0, pendingCount, null);
    pendingCount = 0;
    discarded = "its stage's batch was dropped after a journal written before it failed";
  }

  private JournalException fail(String what, Throwable cause) {
    broken = new JournalException(JournalException.Problem.WRITE_FAILED, "journal " + id + " (topic " + topic + "): "
        + what + (cause == null ? "" : ": " + cause), cause);
    return broken;
  }

  /** Whether a send or an acknowledgement failed: what the topic holds is then not known. */
  boolean failed() {
    return broken != null;
  }

  /** The records the topic holds for sure: what was there when the run opened it, and every batch acknowledged since. */
  long held() {
    return visible;
  }

  @Override
  public long lastSeq() {
    // while a resumed run produces its records again, it has produced as far as it has checked
    return rederiving ? rederived : visible;
  }

  @Override
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public List<JournalRecord> read(long fromSeq, int maxRecords) {
    long from = Math.max(1, fromSeq);
    long last = visible;
    if (from > last || maxRecords <= 0) {
      return List.of();
    }
    List<byte[]> values = reader.read(topic, from - 1, (int) Math.min(maxRecords, last - from + 1));
    List<JournalRecord> out = new ArrayList<>(values.size());
    synchronized (decoder) {
      for (int i = 0; i < values.size(); i++) {
        out.add(decoder.decode(values.get(i), from + i));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "journal " + id + " (topic " + topic + ")";
  }
}

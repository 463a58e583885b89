package dev.weir.kafka;

import dev.weir.flow.JournalRecord;
import dev.weir.flow.RecordKind;
import dev.weir.journal.BatchSeal;
import dev.weir.journal.FrameCodec;
import dev.weir.journal.Journal;
import dev.weir.journal.JournalException;
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
 * ({@link FrameCodec}), at offset seq - 1. An append hands the frame to the run's idempotent
 * producer; {@link #flush()} returns once the broker acknowledged every record of the batch (acks
 * from all in-sync replicas), and only then do readers of this journal see it. A failed send fails
 * the journal: every later append and flush throws, naming the topic and the seqs. With a key, a
 * batch's frames are sent at its flush, the last one carrying the batch's seal ({@link BatchSeal}) in
 * its {@value KafkaJournals#SEAL_HEADER} header.
 */
final class KafkaJournal implements Journal {

  private final String id;
  private final String topic;
  private final Producer<byte[], byte[]> producer;
  private final FrameCodec writer;
  /** Decodes what {@link #read} fetched; one reading thread at a time. */
  private final FrameCodec decoder;
  private final TopicReader reader;
  private final long timeoutMillis;
  /** With a key: seals each batch; its frames are then sent at the flush, the last one carrying the tag. */
  private final BatchSeal seal;
  private final List<byte[]> unsent = new ArrayList<>();
  private byte[] prevTag = BatchSeal.first();

  // the writer's thread only
  private Future<RecordMetadata>[] pending = newPending(256);
  private int pendingCount;
  private long appended;
  private long batchFirst = 1;
  private JournalException broken;
  private String discarded;

  private volatile long visible;
  private volatile long bytesWritten;

  KafkaJournal(String id, String topic, Producer<byte[], byte[]> producer, FrameCodec writer, FrameCodec decoder,
      TopicReader reader, Duration timeout, BatchSeal seal) {
    this.seal = seal;
    this.id = id;
    this.topic = topic;
    this.producer = producer;
    this.writer = writer;
    this.decoder = decoder;
    this.reader = reader;
    this.timeoutMillis = timeout.toMillis();
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
    if (seq != appended + 1) {
      throw new IllegalStateException("journal " + id + ": append of seq " + seq + " after seq " + appended
          + " (seqs must follow each other without gaps)");
    }
    byte[] frame = writer.encode(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth,
        timestamp, payload, fallback); // refused whole (too large, not encodable): nothing was sent
    if (seal != null) {
      unsent.add(frame);
    } else {
      send(seq, frame, null);
    }
    bytesWritten += frame.length;
    appended = seq;
    return writer.lastPayloadCrc();
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
    // large) as a future that has failed already, not by throwing: seen now, not at the flush, or
    // every further append of the batch would wait out the timeout again
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

  /** Sends the batch's frames, the last one with the batch's seal in its {@value KafkaJournals#SEAL_HEADER} header. */
  private void sendSealed() {
    byte[] tag = seal.tag(batchFirst, appended, prevTag, unsent);
    for (int i = 0; i < unsent.size(); i++) {
      long seq = batchFirst + i;
      send(seq, unsent.get(i), i < unsent.size() - 1 ? null
          : List.of(new org.apache.kafka.common.header.internals.RecordHeader(KafkaJournals.SEAL_HEADER,
              KafkaJournals.sealValue(batchFirst, appended, tag))));
    }
    unsent.clear();
    prevTag = tag; // the broker holds it once the flush returns; a failed flush fails the journal
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
    if (!unsent.isEmpty()) {
      sendSealed();
    }
    if (pendingCount == 0) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    for (int i = 0; i < pendingCount; i++) {
      long seq = batchFirst + i;
      try {
        RecordMetadata m = pending[i].get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (m.offset() != seq - 1) {
          throw fail("seq " + seq + " landed at offset " + m.offset() + " instead of " + (seq - 1)
              + " (another writer on the topic?)", null);
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
    batchFirst = appended + 1;
    visible = appended;
  }

  /**
   * What was sent of the batch cannot be called back: the journal takes no more appends, and a
   * reader sees only what was flushed before.
   */
  @Override
  public void discardPending() {
    unsent.clear();
    Arrays.fill(pending, 0, pendingCount, null);
    pendingCount = 0;
    discarded = "its stage's batch was dropped after a journal written before it failed";
  }

  private JournalException fail(String what, Throwable cause) {
    broken = new JournalException(JournalException.Problem.WRITE_FAILED, "journal " + id + " (topic " + topic + "): "
        + what + (cause == null ? "" : ": " + cause), cause);
    return broken;
  }

  @Override
  public long lastSeq() {
    return visible;
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

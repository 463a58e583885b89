package dev.weir.kafka;

import dev.weir.journal.BatchSeal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Where a journal's topic ends, for a resumed run to go on writing it: how many records it holds
 * and, on a run sealed with a key, the tag of its last seal and the frames after that seal (a batch
 * whose flush the interrupted run did not finish: the next batch seals them with its own).
 *
 * @param held the records the topic holds (its end offset)
 * @param lastTag the tag of the last seal, {@link BatchSeal#first()} if there is none (or no key)
 * @param unsealed the frames after the last seal, in offset order (none without a key)
 */
record TopicTail(long held, byte[] lastTag, List<byte[]> unsealed) {

  /** The records read back at a time when looking for a topic's last seal; more if none is among them. */
  private static final int WINDOW = 4096;

  /**
   * The tails of {@code topics} (partition 0 of each), which must exist.
   *
   * @param seals by topic, the seal of its journal when the run seals its batches (else none): then the
   *     last seal of each is looked for from the end, and its batch checked under this key
   * @throws IllegalStateException when a topic cannot be read back within {@code timeout}, or its last
   *     batch is not sealed with this key (the message says which)
   */
  static Map<String, TopicTail> read(KafkaConsumer<byte[], byte[]> consumer, Map<String, BatchSeal> seals,
      Collection<String> topics, Duration timeout) {
    Map<TopicPartition, String> partitions = new LinkedHashMap<>();
    topics.forEach(t -> partitions.put(new TopicPartition(t, 0), t));
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions.keySet(), timeout);
    Map<String, TopicTail> out = new LinkedHashMap<>();
    for (Map.Entry<TopicPartition, String> e : partitions.entrySet()) {
      long end = ends.get(e.getKey());
      BatchSeal seal = seals.get(e.getValue());
      out.put(e.getValue(), seal != null && end > 0 ? sealedTail(consumer, e.getKey(), end, seal, timeout)
          : new TopicTail(end, BatchSeal.first(), List.of()));
    }
    return out;
  }

  private static TopicTail sealedTail(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long end,
      BatchSeal seal, Duration timeout) {
    for (long window = WINDOW; ; window *= 4) {
      long from = Math.max(0, end - window);
      List<ConsumerRecord<byte[], byte[]>> records = range(consumer, partition, from, end, timeout);
      for (int i = records.size() - 1; i >= 0; i--) {
        Header h = records.get(i).headers().lastHeader(KafkaJournals.SEAL_HEADER);
        if (h == null) {
          continue;
        }
        ByteBuffer b = ByteBuffer.wrap(h.value());
        long first = b.getLong();
        long last = b.getLong();
        byte[] tag = new byte[h.value().length - 16];
        b.get(tag);
        // the batch it seals, and the seal before it (on the record just before the batch), must be in the window
        if (from > 0 && first - 2 < from) {
          break; // a longer window
        }
        int batchStart = (int) (first - 1 - from);
        byte[] prev = first == 1 ? BatchSeal.first() : prevTag(records.get(batchStart - 1));
        if (last != records.get(i).offset() + 1 || batchStart < 0 || prev == null
            || !BatchSeal.same(tag, seal.tag(first, last, prev, values(records.subList(batchStart, i + 1))))) {
          throw new IllegalStateException("topic " + partition.topic() + ": its last sealed batch (seqs " + first + ".."
              + last + ") is not sealed with this key: resume with the key the run was written with (or it was"
              + " edited: KafkaJournals.verify says where)");
        }
        return new TopicTail(end, tag, values(records.subList(i + 1, records.size())));
      }
      if (from == 0) {
        return new TopicTail(end, BatchSeal.first(), values(records));
      }
    }
  }

  /** The tag of the seal a record carries, or null if it carries none. */
  private static byte[] prevTag(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(KafkaJournals.SEAL_HEADER);
    return h == null ? null : java.util.Arrays.copyOfRange(h.value(), 16, h.value().length);
  }

  private static List<byte[]> values(List<ConsumerRecord<byte[], byte[]>> records) {
    List<byte[]> out = new ArrayList<>(records.size());
    records.forEach(r -> out.add(r.value()));
    return List.copyOf(out);
  }

  /** The records at offsets {@code from} to {@code end - 1} of {@code partition}. */
  private static List<ConsumerRecord<byte[], byte[]>> range(KafkaConsumer<byte[], byte[]> consumer,
      TopicPartition partition, long from, long end, Duration timeout) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, from);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>((int) (end - from));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (from + out.size() < end) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + partition.topic() + ": read " + out.size() + " of the records at"
            + " offsets " + from + ".." + (end - 1) + " within " + timeout.toMillis() + " ms");
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100)).records(partition)) {
        if (r.offset() >= from + out.size() && r.offset() < end) {
          if (r.offset() != from + out.size()) {
            throw new IllegalStateException("topic " + partition.topic() + ": offset " + r.offset() + " follows offset "
                + (from + out.size() - 1) + " (records are missing)");
          }
          out.add(r);
        }
      }
    }
    return out;
  }
}

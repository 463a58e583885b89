package dev.weir.kafka;

import dev.weir.journal.BatchSeal;
import dev.weir.journal.FrameCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads each topic of a run from its start and checks its frames and, with a key, its seals ({@link KafkaJournals#verify}). */
final class TopicVerifier {

  private TopicVerifier() {}

  static List<String> verify(KafkaJournals options, String runPrefix) throws IOException {
    Map<String, Object> config = new HashMap<>(options.clientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
    TreeSet<String> topics = new TreeSet<>();
    try (Admin admin = Admin.create(config)) {
      for (String t : admin.listTopics().names().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        if (t.startsWith(runPrefix)) {
          topics.add(t);
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot list the topics on " + options.bootstrap() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing the topics on " + options.bootstrap(), e);
    }
    List<String> problems = new ArrayList<>();
    if (topics.isEmpty()) {
      problems.add("no topics start with " + runPrefix + " on " + options.bootstrap());
      return problems;
    }
    Map<String, Object> consumer = new HashMap<>(options.clientProperties());
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(1 << 20, options.maxPayload() + 1024));
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumer)) {
      Map<TopicPartition, Check> checks = new java.util.LinkedHashMap<>();
      for (String topic : topics) {
        checks.put(new TopicPartition(topic, 0), new Check(topic, topic.substring(runPrefix.length()), options));
      }
      c.assign(checks.keySet());
      c.seekToBeginning(checks.keySet());
      c.endOffsets(checks.keySet(), options.timeout()).forEach((p, end) -> checks.get(p).end = end);
      long deadline = System.nanoTime() + options.timeout().toNanos();
      while (checks.values().stream().anyMatch(Check::reading)) {
        if (System.nanoTime() > deadline) {
          for (Check k : checks.values()) {
            if (k.reading()) {
              k.problem(k.topic + ": read " + k.expected + " of its " + k.end + " records within "
                  + options.timeout().toMillis() + " ms");
            }
          }
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          checks.get(new TopicPartition(r.topic(), r.partition())).record(r);
        }
      }
      for (Check k : checks.values()) {
        k.finish();
        problems.addAll(k.problems);
      }
    }
    return problems;
  }

  /** One topic's check, record by record in offset order; it stops at its first problem. */
  private static final class Check {
    final String topic;
    final KafkaJournals options;
    final BatchSeal seal;
    final List<String> problems = new ArrayList<>();
    final List<byte[]> batch = new ArrayList<>();
    byte[] prevTag = BatchSeal.first();
    long batchFirst = 1;
    long expected;
    long end;

    Check(String topic, String journalId, KafkaJournals options) {
      this.topic = topic;
      this.options = options;
      this.seal = options.key().map(k -> new BatchSeal(journalId, k)).orElse(null);
    }

    boolean reading() {
      return problems.isEmpty() && expected < end;
    }

    void problem(String what) {
      problems.add(what);
    }

    void record(ConsumerRecord<byte[], byte[]> r) {
      if (!reading()) {
        return;
      }
      long seq = r.offset() + 1;
      if (r.offset() != expected) {
        problem(topic + ": offset " + r.offset() + " follows offset " + (expected - 1));
        return;
      }
      expected++;
      String bad = FrameCodec.problem(r.value(), seq, options.maxPayload());
      if (bad != null) {
        problem(topic + " offset " + r.offset() + ": " + bad);
        return;
      }
      if (seal == null) {
        return;
      }
      batch.add(r.value());
      Header h = r.headers().lastHeader(KafkaJournals.SEAL_HEADER);
      if (h == null) {
        return;
      }
      if (h.value().length != 16 + BatchSeal.TAG_BYTES) {
        problem(topic + " offset " + r.offset() + ": its seal header is " + h.value().length + " bytes");
        return;
      }
      ByteBuffer b = ByteBuffer.wrap(h.value());
      long first = b.getLong();
      long last = b.getLong();
      byte[] tag = new byte[BatchSeal.TAG_BYTES];
      b.get(tag);
      if (first != batchFirst || last != seq) {
        problem(topic + " offset " + r.offset() + ": the seal covers seqs " + first + ".." + last
            + " but the batch holds " + batchFirst + ".." + seq);
        return;
      }
      if (!BatchSeal.same(tag, seal.tag(first, last, prevTag, batch))) {
        problem(topic + " offset " + r.offset() + ": HMAC mismatch for the batch of seqs " + first + ".." + last
            + " (records edited, reordered, spliced or replayed, or a different key)");
        return;
      }
      prevTag = tag;
      batch.clear();
      batchFirst = seq + 1;
    }

    void finish() {
      if (problems.isEmpty() && seal != null && !batch.isEmpty()) {
        problem(topic + ": seqs " + batchFirst + ".." + (batchFirst + batch.size() - 1) + " are not sealed");
      }
    }
  }
}

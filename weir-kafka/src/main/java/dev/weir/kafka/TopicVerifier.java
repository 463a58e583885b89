package dev.weir.kafka;

import dev.weir.journal.BatchSeal;
import dev.weir.journal.FrameCodec;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunSeal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Reads each topic of a run from its start and checks its frames and, with a key, its seals ({@link KafkaJournals#verify}). */
final class TopicVerifier {

  private TopicVerifier() {}

  static List<String> verify(KafkaJournals options, String flow, String runId) throws IOException {
    String runPrefix = TopicNames.runPrefix(options.topicPrefix(), flow, runId);
    TreeSet<String> topics = new TreeSet<>();
    for (String t : KafkaRunJournals.topicNames(options)) {
      if (t.startsWith(runPrefix)) {
        topics.add(t);
      }
    }
    List<String> problems = new ArrayList<>();
    if (topics.isEmpty()) {
      problems.add("no topics start with " + runPrefix + " on " + options.bootstrap());
      return problems;
    }
    Manifest manifest = null;
    String manifestTopic = runPrefix + ManifestTopic.ID;
    if (!topics.remove(manifestTopic)) {
      problems.add("the run has no manifest topic " + manifestTopic + " (deleted, or its start did not get as far)");
    } else {
      try {
        manifest = options.manifest(flow, runId);
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }
    if (manifest != null && manifest.hmac() != options.key().isPresent()) {
      problems.add(manifest.hmac() ? "the run was sealed with an HMAC key, and none was given: its seals cannot be"
          + " checked" : "the run was written without an HMAC key, and one was given: it has no seals to check");
    }
    if (manifest != null && manifest.hmac() && !"RUNNING".equals(manifest.status())
        && (manifest.seal() == null || manifest.journals() == null)) {
      problems.add("the run ended " + manifest.status() + ", but its manifest holds no " + (manifest.seal() == null
          ? "seal" : "journal counts") + ", which a sealed run's end writes (the manifest was edited?)");
    }
    if (manifest != null) {
      java.util.Set<String> journals = new java.util.HashSet<>();
      for (String[] j : manifest.journalDirectories()) {
        journals.add(j[1]);
        if (!topics.contains(j[1])) {
          problems.add("journal " + j[0] + ": its topic " + j[1] + " is missing");
        }
      }
      for (String t : topics) {
        if (!journals.contains(t)) {
          problems.add("topic " + t + " is not a journal of the run (its manifest does not list it)");
        }
      }
    }
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(ClientConfigs.consumer(options))) {
      Map<TopicPartition, Check> checks = new java.util.LinkedHashMap<>();
      for (String topic : topics) {
        checks.put(new TopicPartition(topic, 0), new Check(topic, topic.substring(runPrefix.length()), options,
            manifest != null ? manifest.maxPayload() : options.maxPayload()));
      }
      c.assign(checks.keySet());
      c.seekToBeginning(checks.keySet());
      c.endOffsets(checks.keySet(), options.timeout()).forEach((p, end) -> checks.get(p).end = end);
      // the timeout bounds a wait without progress, not the whole read: a long run takes what it takes
      long deadline = System.nanoTime() + options.timeout().toNanos();
      while (checks.values().stream().anyMatch(Check::reading)) {
        if (System.nanoTime() > deadline) {
          for (Check k : checks.values()) {
            if (k.reading()) {
              k.problem(k.topic + ": read " + k.expected + " of its " + k.end + " records, then nothing more within "
                  + options.timeout().toMillis() + " ms");
            }
          }
          break;
        }
        var records = c.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) {
          deadline = System.nanoTime() + options.timeout().toNanos();
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          checks.get(new TopicPartition(r.topic(), r.partition())).record(r);
        }
      }
      for (Check k : checks.values()) {
        k.finish();
        problems.addAll(k.problems);
      }
      if (manifest != null && manifest.journals() != null) {
        problems.addAll(ended(options, manifest, checks.values()));
      }
    }
    return problems;
  }

  /**
   * For a run that ended: each journal's topic holds the count its manifest recorded, and with a key
   * the run's seal matches those counts and each topic's last seal.
   */
  private static List<String> ended(KafkaJournals options, Manifest manifest, java.util.Collection<Check> checks) {
    List<String> out = new ArrayList<>();
    Map<String, Check> byTopic = new java.util.HashMap<>();
    checks.forEach(k -> byTopic.put(k.topic, k));
    Map<String, byte[]> tags = new java.util.HashMap<>();
    for (String[] j : manifest.journalDirectories()) {
      Check k = byTopic.get(j[1]);
      Long count = manifest.journals().get(j[0]);
      if (k == null) {
        continue; // reported missing
      }
      tags.put(j[0], count != null && count == Manifest.UNKNOWN_COUNT ? new byte[0] : k.prevTag); // as the run's end sealed it
      if (count == null) {
        out.add("journal " + j[0] + " (topic " + j[1] + "): the manifest records no count for it");
      } else if (count != Manifest.UNKNOWN_COUNT && count != k.end) {
        out.add("journal " + j[0] + " (topic " + j[1] + "): the manifest records " + count + " records when the run"
            + " ended, the topic holds " + k.end);
      }
    }
    if (out.isEmpty() && options.key().isPresent() && manifest.seal() != null
        && !RunSeal.matches(manifest.seal(), options.key().get(), manifest, manifest.journals(), tags)) {
      out.add("the run's seal in its manifest does not match the counts and last seals of its journals (the manifest"
          + " was edited, or sealed with another key)");
    }
    return out;
  }

  /** One topic's check, record by record in offset order; it stops at its first problem. */
  private static final class Check {
    final String topic;
    final KafkaJournals options;
    final int maxPayload;
    final BatchSeal seal;
    final List<String> problems = new ArrayList<>();
    final List<byte[]> batch = new ArrayList<>();
    byte[] prevTag = BatchSeal.first();
    long batchFirst = 1;
    long expected;
    long end;

    /** @param maxPayload the run's payload limit (its manifest's) */
    Check(String topic, String journalId, KafkaJournals options, int maxPayload) {
      this.topic = topic;
      this.options = options;
      this.maxPayload = maxPayload;
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
      String bad = FrameCodec.problem(r.value(), seq, maxPayload);
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

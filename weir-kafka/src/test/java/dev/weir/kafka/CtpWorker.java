package dev.weir.kafka;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The child JVM of {@link TransactionsTest}: consume-transform-produce in Kafka transactions, as a Weir stage will
 * run on Kafka. Reads input records (value: the input's number {@code i}) from its group's committed offsets, and
 * for each poll (at most 500 records) opens a transaction, sends one output per input (same key, value
 * {@code i:3i+1}), adds the consumed offsets to the transaction ({@code sendOffsetsToTransaction} with the
 * consumer's group metadata, so a zombie of an older generation is fenced) and commits. Ends when its positions
 * reach the input's end offsets.
 *
 * <p>Arguments: {@code bootstrap input output group instanceId transactionalId gated}. When gated, after sending a
 * transaction's outputs (flushed to the broker) it prints {@code open <inputs in this transaction> <inputs
 * committed so far>} and waits for a line {@code commit} on standard input before committing: the test decides at
 * that point, with a transaction open, whether to kill it. At the end it prints {@code done inputs=<n>
 * transactions=<t> ms=<elapsed>}.
 */
public final class CtpWorker {

  private CtpWorker() {
  }

  /** Runs the worker; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      throw new IllegalArgumentException("CtpWorker: expected bootstrap input output group instanceId transactionalId gated, got "
          + List.of(args));
    }
    String bootstrap = args[0];
    String input = args[1];
    String output = args[2];
    String group = args[3];
    String instanceId = args[4];
    String transactionalId = args[5];
    boolean gated = Boolean.parseBoolean(args[6]);
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    // A restarted instance keeps its identity: with static membership it takes over the killed member's
    // partitions at once, instead of after the dead member's session timeout.
    c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());

    long t0 = System.nanoTime();
    long inputs = 0;
    long transactions = 0;
    Map<TopicPartition, Long> end;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
         KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      // fences an older producer with this transactional.id and aborts the transaction it left open
      producer.initTransactions();
      List<TopicPartition> partitions = consumer.partitionsFor(input).stream()
          .map(info -> new TopicPartition(input, info.partition())).toList();
      end = consumer.endOffsets(partitions);
      consumer.subscribe(List.of(input), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
          System.err.println("CtpWorker " + instanceId + ": partitions revoked " + revoked);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
          System.err.println("CtpWorker " + instanceId + ": partitions assigned " + assigned + ", committed offsets "
              + consumer.committed(new HashSet<>(assigned)));
        }
      });
      while (!reachedEnd(consumer, end)) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
          long i = Long.parseLong(r.value());
          producer.send(new ProducerRecord<>(output, r.key(), i + ":" + (3 * i + 1)));
          offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (gated) {
          producer.flush();
          System.out.println("open " + records.count() + " " + inputs);
          System.out.flush();
          String line = stdin.readLine();
          if (!"commit".equals(line)) {
            throw new IllegalStateException("CtpWorker " + instanceId + ": expected 'commit' on stdin, got " + line);
          }
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        inputs += records.count();
        transactions++;
      }
    }
    System.err.println("CtpWorker " + instanceId + ": done, " + inputs + " inputs in " + transactions + " transactions, input ends "
        + end);
    System.out.println("done inputs=" + inputs + " transactions=" + transactions + " ms=" + (System.nanoTime() - t0) / 1_000_000);
    System.out.flush();
  }

  private static boolean reachedEnd(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    if (!consumer.assignment().containsAll(end.keySet())) {
      return false;
    }
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}

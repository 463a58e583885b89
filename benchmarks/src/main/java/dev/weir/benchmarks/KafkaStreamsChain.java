package dev.weir.benchmarks;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Kafka Streams without a broker: a topology {@code stream("in") → D × mapValues(v -> v + 1) →
 * foreach(counting sink)} driven by {@link TopologyTestDriver}, which runs the whole sub-topology
 * on the thread that pipes the input (as a stream thread runs a task), with {@code Serdes.Long()}
 * on the input topic. The driver is created, fed and closed on one thread of its own.
 */
final class KafkaStreamsChain implements Chain {

  @Override
  public String name() {
    return "kstreams";
  }

  @Override
  public Run start(int depth, Tally tally, boolean idle) {
    if (idle) {
      throw new UnsupportedOperationException("kstreams has no idle form in this harness");
    }
    long n = tally.expected();
    StreamsBuilder builder = new StreamsBuilder();
    KStream<Long, Long> stream = builder.stream("in", Consumed.with(Serdes.Long(), Serdes.Long()));
    for (int i = 0; i < depth; i++) {
      stream = stream.mapValues(v -> v + 1);
    }
    stream.foreach((k, v) -> tally.received(v));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "weir-bench");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    CompletableFuture<Void> done = new CompletableFuture<>();
    Threads threads = new Threads(name());
    threads.named("driver", () -> {
      try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
        TestInputTopic<Long, Long> in = driver.createInputTopic("in", new LongSerializer(), new LongSerializer());
        for (long i = 0; i < n && !Thread.currentThread().isInterrupted(); i++) {
          tally.sent(i);
          in.pipeInput(i, i);
        }
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }).start();
    return new Run() {
      @Override
      public void finish(long timeoutMillis) throws Exception {
        done.get(timeoutMillis, TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() throws Exception {
        threads.interruptAll();
        threads.joinAll(10_000);
      }
    };
  }
}

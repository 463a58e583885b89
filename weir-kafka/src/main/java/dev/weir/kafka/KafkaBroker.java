package dev.weir.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node Kafka broker in KRaft mode (one process that is both controller and broker), started in this JVM
 * on free localhost ports in a temporary directory, for Weir's tests and samples.
 *
 * <p>Why: Weir's Kafka journals must be tested, and its Kafka sample run, against a real broker that the project
 * starts itself from Maven artifacts, without Docker or an installed Kafka. This class does what
 * {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do: it formats the storage with Kafka's
 * {@link Formatter} and runs {@link KafkaRaftServer}, the broker's own entry point, so clients talk to the same
 * code as in production.
 *
 * <p>It is <b>not a production broker</b>: one node, every internal topic (consumer offsets, transaction state,
 * share-group state) with replication factor 1, min ISR 1 and one partition, no security, no automatic topic
 * creation (create topics with {@link #createTopic}, or with {@link Admin} and the care {@link #createTopic} takes),
 * data in a temporary directory that {@link #close()} deletes. Settings a single node needs: replication factor 1
 * and min ISR 1 for the internal topics, and no initial rebalance delay for consumer groups
 * ({@code group.initial.rebalance.delay.ms=0}), so a group's first member gets its partitions at once.
 *
 * <p>Cost, measured on a shared 2-core machine: the first start in a JVM takes 1.8 to 4.8 s (most of it loading and
 * compiling the broker's classes; formatting, controller election and broker registration take a fraction), a
 * further start in the same JVM 0.3 to 0.8 s, and {@link #close()} 0.2 to 0.5 s. {@link #startMillis()} tells the
 * figure of a given start. Start one broker per test class, not per test.
 *
 * <p>Class path: the broker is {@code org.apache.kafka:kafka_2.13} (with Scala and its other dependencies, about
 * 21 MB of jars), a dependency of weir-kafka in main scope so that what starts a broker (benchmarks, samples) gets
 * it; a user of Kafka journals alone can exclude it and keep {@code kafka-clients}.
 *
 * <p>A broker runs in this JVM. To run it as a child JVM (so that a test or a sample can kill the broker, or keep
 * it apart from the processes that use it), run {@link #main(String[])}: it prints {@code bootstrap=HOST:PORT} on
 * standard output and stops when its standard input closes or it gets SIGTERM.
 *
 * <p>Note that a Kafka server that meets a fatal fault can halt its JVM (Kafka's own policy): in a test JVM that
 * shows as a crashed fork, with the cause in the broker's log on standard error.
 */
public final class KafkaBroker implements AutoCloseable {

  /** The broker's node id; a single node has only this one. */
  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String HOST = "127.0.0.1";
  /** Attempts at a start: a port found free may be taken by another process before the broker binds it. */
  private static final int START_ATTEMPTS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final Path directory;
  private final String bootstrap;
  private final long startMillis;
  private boolean closed;

  private KafkaBroker(KafkaRaftServer server, Path directory, String bootstrap, long startMillis) {
    this.server = server;
    this.directory = directory;
    this.bootstrap = bootstrap;
    this.startMillis = startMillis;
  }

  /**
   * Formats a temporary directory and starts a single-node KRaft broker on free localhost ports, returning once
   * the broker answers clients (its metadata lists this node).
   *
   * @return the running broker; close it to stop it and delete its data
   * @throws IllegalStateException if the broker did not start (the message names the directory and the ports)
   */
  public static KafkaBroker start() {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce();
      } catch (PortTakenException e) {
        last = new IllegalStateException("KafkaBroker: attempt " + attempt + " of " + START_ATTEMPTS
            + " could not bind its ports: " + e.getMessage(), e);
      }
    }
    throw last;
  }

  private static KafkaBroker startOnce() {
    long t0 = System.nanoTime();
    Path directory;
    try {
      directory = Files.createTempDirectory("weir-kafka-broker-");
    } catch (IOException e) {
      throw new UncheckedIOException("KafkaBroker: cannot create a temporary directory for the broker's data", e);
    }
    int brokerPort = freePort();
    int controllerPort = freePort();
    while (controllerPort == brokerPort) {
      controllerPort = freePort();
    }
    Map<String, String> settings = settings(directory.resolve("data"), brokerPort, controllerPort);
    String where = "directory " + directory + ", broker port " + brokerPort + ", controller port " + controllerPort;
    KafkaRaftServer server = null;
    try {
      KafkaConfig config = new KafkaConfig(settings, false);
      format(directory.resolve("data"));
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      String bootstrap = HOST + ":" + brokerPort;
      awaitReady(bootstrap, where);
      long startMillis = (System.nanoTime() - t0) / 1_000_000;
      return new KafkaBroker(server, directory, bootstrap, startMillis);
    } catch (RuntimeException e) {
      stopQuietly(server);
      deleteQuietly(directory);
      if (causedByBind(e)) {
        throw new PortTakenException(where + ": " + e, e);
      }
      throw new IllegalStateException("KafkaBroker: the broker did not start (" + where + "): " + e, e);
    } catch (Error e) {
      stopQuietly(server);
      deleteQuietly(directory);
      throw e;
    }
  }

  /** The settings of one combined controller+broker node; see the class comment for why each differs from Kafka's default. */
  static Map<String, String> settings(Path dataDirectory, int brokerPort, int controllerPort) {
    Map<String, String> s = new TreeMap<>();
    s.put("process.roles", "broker,controller");
    s.put("node.id", Integer.toString(NODE_ID));
    s.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    s.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
        + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    s.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    s.put("controller.listener.names", CONTROLLER_LISTENER);
    s.put("inter.broker.listener.name", BROKER_LISTENER);
    s.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    s.put("log.dirs", dataDirectory.toString());
    // one node: every internal topic has one replica, and one partition (fewer to create at the first use)
    s.put("offsets.topic.replication.factor", "1");
    s.put("offsets.topic.num.partitions", "1");
    s.put("transaction.state.log.replication.factor", "1");
    s.put("transaction.state.log.min.isr", "1");
    s.put("transaction.state.log.num.partitions", "1");
    s.put("share.coordinator.state.topic.replication.factor", "1");
    s.put("share.coordinator.state.topic.min.isr", "1");
    s.put("share.coordinator.state.topic.num.partitions", "1");
    s.put("default.replication.factor", "1");
    s.put("min.insync.replicas", "1");
    // a group's first member gets its partitions at once instead of after 3 s
    s.put("group.initial.rebalance.delay.ms", "0");
    // topics are created on purpose (Admin), so a misspelt topic name fails instead of creating a topic
    s.put("auto.create.topics.enable", "false");
    return s;
  }

  private static void format(Path dataDirectory) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(dataDirectory.toString()))
          .setMetadataLogDirectory(dataDirectory.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setWriteBootstrapSnapshot(true)
          .setHasDynamicQuorum(false)
          .setUnstableFeatureVersionsEnabled(false)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("KafkaBroker: formatting the storage in " + dataDirectory + " failed: " + e, e);
    }
  }

  /** Waits until the broker has registered with its controller and answers metadata requests with itself in them. */
  private static void awaitReady(String bootstrap, String where) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(READY_TIMEOUT.toMillis()));
    try (Admin admin = Admin.create(p)) {
      int nodes = admin.describeCluster().nodes().get().size();
      if (nodes != 1) {
        throw new IllegalStateException("KafkaBroker: the cluster lists " + nodes + " brokers, expected 1 (" + where + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("KafkaBroker: interrupted while waiting for the broker (" + where + ")", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("KafkaBroker: the broker did not answer within " + READY_TIMEOUT.toSeconds()
          + " s (" + where + "): " + e.getCause(), e.getCause());
    }
  }

  /**
   * Creates a topic with {@code partitions} partitions (replication factor 1) and returns once every partition
   * takes writes.
   *
   * <p>Why wait: Kafka 4.4's broker answers a produce to a partition it has not finished creating with the
   * retriable NOT_LEADER_OR_FOLLOWER, and then accepts a later in-flight batch of the same idempotent producer as
   * that partition's first; the retried earlier batch is rejected (OUT_OF_ORDER_SEQUENCE_NUMBER) until
   * {@code delivery.timeout.ms} fails it, so records are lost although idempotence is on (KAFKA-15591, fixed in
   * Kafka 4.5; see TopicReadiness). Seen here: 3,114 to 4,403 records of a 20,000-record input lost, in a test that produced at once
   * after creating its topic. Listing each partition's end offset is answered by the partition's leader only, so once it answers
   * for all, a first produce cannot meet a half-created partition.
   *
   * @throws IllegalStateException if the topic could not be created or did not become writable within 60 s (a
   *     retriable error that lasts longer is reported as it came)
   */
  public void createTopic(String name, int partitions) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(READY_TIMEOUT.toMillis()));
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
      List<TopicPartition> all = new java.util.ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        all.add(new TopicPartition(name, i));
      }
      TopicReadiness.await(admin, all, READY_TIMEOUT);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("KafkaBroker " + bootstrap + ": topic " + name + " did not take writes within "
          + READY_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("KafkaBroker " + bootstrap + ": interrupted while creating topic " + name, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("KafkaBroker " + bootstrap + ": creating topic " + name + " with " + partitions
          + " partitions failed: " + e.getCause(), e.getCause());
    }
  }

  /** The address clients bootstrap from, {@code 127.0.0.1:PORT}. */
  public String bootstrap() {
    return bootstrap;
  }

  /** The directory that holds the broker's data and metadata log; deleted by {@link #close()}. */
  public Path directory() {
    return directory;
  }

  /** How long {@link #start()} took for this broker, from creating its directory to its first metadata answer. */
  public long startMillis() {
    return startMillis;
  }

  /** Stops the broker and deletes its directory. A second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteQuietly(directory);
    }
  }

  /**
   * Runs a broker as a process of its own: starts it, prints {@code bootstrap=HOST:PORT} on standard output (one
   * line, flushed), then runs until standard input closes (the parent ended or closed the pipe) or the JVM gets
   * SIGTERM, and stops the broker. A test or sample starts it as a child JVM with its own class path.
   *
   * @param args none
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 0) {
      System.err.println("KafkaBroker: takes no arguments, got " + List.of(args));
      System.exit(2);
    }
    KafkaBroker broker = start();
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      broker.close();
      stop.countDown();
    }, "weir-kafka-broker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("bootstrap=" + broker.bootstrap());
    System.out.println("started in " + broker.startMillis() + " ms, data in " + broker.directory());
    System.out.flush();
    Thread stdin = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          // the parent's lines mean nothing; only the end of the stream does
        }
      } catch (IOException e) {
        System.err.println("KafkaBroker: reading standard input failed, stopping: " + e);
      }
      System.exit(0); // runs the shutdown hook, which stops the broker
    }, "weir-kafka-broker-stdin");
    stdin.setDaemon(true);
    stdin.start();
    stop.await();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("KafkaBroker: cannot find a free port on " + HOST, e);
    }
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static void stopQuietly(KafkaRaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      System.err.println("KafkaBroker: stopping a broker that failed to start failed too: " + e);
    }
  }

  private static void deleteQuietly(Path directory) {
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      System.err.println("KafkaBroker: could not delete the broker's directory " + directory + ": " + e);
    }
  }
}

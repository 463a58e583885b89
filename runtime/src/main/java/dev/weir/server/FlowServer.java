package dev.weir.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.weir.api.IngestSource;
import dev.weir.engine.EngineAccess;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.metrics.FlowMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operations surface of one run over HTTP (the JDK's server, JSON by Jackson): health,
 * readiness, Prometheus metrics, the topology, the live status, control (start, stop), the system
 * journal as server-sent events, and a page at {@code /} that draws the flow and its counts.
 * Endpoints and shapes: {@code docs/operations.md}.
 *
 * <pre>
 * try (FlowServer server = FlowServer.builder(handle).port(0).start()) {
 *   System.out.println("serving " + server.uri());
 *   handle.await();
 * }
 * </pre>
 *
 * <p>A run whose flow has ingestion sources ({@code Sources.ingest}) also gets {@code POST
 * /ingest/<name>/events} and {@code /ingest/<name>/batch} for each, authenticated by the source's own
 * {@code IngestOptions}, not by the API token.
 *
 * <p>It binds 127.0.0.1 unless told otherwise; another address is refused without an API token,
 * which every endpoint but {@code /health} and the page then requires as {@code Authorization:
 * Bearer <token>} (compared in constant time).
 */
public final class FlowServer implements AutoCloseable {

  /** The default port of {@code --server}. */
  public static final int DEFAULT_PORT = 9090;

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI uri;
  private final List<IngestSource<?>> ingest;

  private FlowServer(HttpServer server, ExecutorService executor, List<IngestSource<?>> ingest) {
    this.server = server;
    this.executor = executor;
    this.ingest = List.copyOf(ingest);
    InetSocketAddress at = server.getAddress();
    String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
    this.uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort() + "/");
  }

  /** A server for {@code handle}'s run, to configure then {@link Builder#start()}. */
  public static Builder builder(FlowHandle handle) {
    return new Builder(handle);
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:9090/}. */
  public URI uri() {
    return uri;
  }

  /**
   * One line per ingestion endpoint this server mounted, in the flow's stage order: its full URL
   * and the authentication it requires (never the secret), e.g. {@code POST
   * http://127.0.0.1:9090/ingest/orders/events (one item; Authorization: Bearer <token>)}. Empty
   * when the flow has no {@code Sources.ingest} source (or on a replay).
   */
  public List<String> ingestEndpoints() {
    List<String> lines = new ArrayList<>();
    for (IngestSource<?> source : ingest) {
      String base = uri.resolve(IngestHandler.base(source)).toString();
      String auth = source.options().authRequirement();
      lines.add("POST " + base + "events (one " + source.type().getSimpleName() + "; " + auth + ")");
      lines.add("POST " + base + "batch (a JSON array of " + source.type().getSimpleName() + "; " + auth + ")");
    }
    return lines;
  }

  /** The port it listens on (the one picked, for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening; open event streams end. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * The run's ingestion sources ({@code Sources.ingest}), each mounted at {@code /ingest/<name>/}; none
   * on a replay, whose sources read the archived run.
   */
  private static List<IngestSource<?>> ingestSources(FlowHandle handle) {
    List<IngestSource<?>> found = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (StageDefinition stage : handle.definition().stages()) {
      if (stage.kind() != StageKind.SOURCE) {
        continue;
      }
      Optional<Object> source = EngineAccess.sourceHandler(handle, stage.name());
      if (source.isPresent() && source.get() instanceof IngestSource<?> ingest) {
        if (!names.add(ingest.name())) {
          throw new IllegalArgumentException("two ingestion sources of flow '" + handle.flowName() + "' are named '"
              + ingest.name() + "': each needs its own name, the path of its endpoints");
        }
        found.add(ingest);
      }
    }
    return found;
  }

  /** How to serve a run. */
  public static final class Builder {
    private final FlowHandle handle;
    private String bind = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String apiToken;
    private PrometheusMeterRegistry registry;

    private Builder(FlowHandle handle) {
      this.handle = Objects.requireNonNull(handle, "handle");
    }

    /** The address to listen on; 127.0.0.1 by default. Any other needs {@link #apiToken(String)}. */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The port; {@value FlowServer#DEFAULT_PORT} by default, 0 for a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("a port is 0 (pick a free one) to 65535, got " + value);
      }
      this.port = value;
      return this;
    }

    /** The bearer token every endpoint but {@code /health} and the page requires; none by default. */
    public Builder apiToken(String token) {
      if (token != null && token.isBlank()) {
        throw new IllegalArgumentException("an API token must not be blank");
      }
      this.apiToken = token;
      return this;
    }

    /**
     * The registry {@code /metrics} scrapes; by default one of its own, with the run's meters bound.
     * A registry given here must already hold them ({@code FlowBuilder.meterRegistry}).
     */
    public Builder meterRegistry(PrometheusMeterRegistry value) {
      this.registry = Objects.requireNonNull(value, "registry");
      return this;
    }

    /**
     * Starts listening.
     *
     * @throws IllegalArgumentException for an address that is not this machine's loopback without an
     *     API token, or one that does not resolve
     * @throws IOException when the port cannot be bound (in use, say)
     */
    public FlowServer start() throws IOException {
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("cannot bind '" + bind + "': no such address");
      }
      if (!address.isLoopbackAddress() && apiToken == null) {
        throw new IllegalArgumentException("binding " + bind + " opens the API beyond this machine: set an API token"
            + " (--api-token or WEIR_API_TOKEN), or bind 127.0.0.1");
      }
      List<IngestSource<?>> ingest = ingestSources(handle);
      for (IngestSource<?> source : ingest) {
        if (!address.isLoopbackAddress() && !source.options().authenticated()) {
          throw new IllegalArgumentException("binding " + bind + " opens the ingestion endpoint of source '" + source.name()
              + "' beyond this machine without authentication: give its IngestOptions an apiKey, bearer or hmac, or bind"
              + " 127.0.0.1");
        }
      }
      PrometheusMeterRegistry metrics = registry;
      if (metrics == null) {
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FlowMeters.bind(metrics, handle);
      }
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(address, port), 0);
      } catch (java.net.BindException e) {
        throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage()
            + (port == 0 ? "" : " (another process has the port? --port 0 picks a free one)"), e);
      }
      AtomicInteger n = new AtomicInteger();
      // requests are short; the event streams, which hold a thread each, are capped by the handler
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "weir-" + handle.flowName() + "-http-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      server.createContext("/", new ApiHandler(handle, metrics, apiToken));
      ObjectMapper json = new ObjectMapper();
      for (IngestSource<?> source : ingest) {
        server.createContext(IngestHandler.base(source), new IngestHandler(source, json));
      }
      server.start();
      return new FlowServer(server, executor, ingest);
    }
  }
}

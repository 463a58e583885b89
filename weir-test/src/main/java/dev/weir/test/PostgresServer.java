package dev.weir.test;

import dev.weir.api.UrlDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A PostgreSQL server of its own for a test: {@code initdb} into a temporary directory, {@code
 * postgres} on a free port of 127.0.0.1 (trust authentication, no fsync: for tests only), stopped and
 * deleted by {@link #close}. Give the flow its {@link #dataSource()}, or its {@link #url()} and
 * {@link #user()} as settings:
 *
 * <pre>{@code
 * try (PostgresServer server = PostgresServer.start()) {
 *   FlowTestRun run = FlowTestKit.run(OrdersFlow.definition())
 *       .setting("jdbc.url", server.url()).setting("jdbc.user", server.user()).complete();
 *   ...
 * }
 * }</pre>
 *
 * <p>A server takes a second or two to start: a test class that needs one usually starts it in a
 * {@code @BeforeAll} method and closes it in {@code @AfterAll}.
 *
 * <p>The binaries come from {@code WEIR_POSTGRES_BIN}, or Debian's {@code postgresql} package
 * (/usr/lib/postgresql/15/bin, or the newest version there); when they are missing, {@link #start}
 * throws an {@link AssertionError} saying how to install them: a test that needs the server fails, it
 * does not skip. PostgreSQL refuses to run as root: as root (CI and containers) both commands run as
 * the {@code postgres} user through {@code setpriv}. The test needs the PostgreSQL JDBC driver
 * ({@code org.postgresql:postgresql}) on its class path, with test scope.
 */
public final class PostgresServer implements AutoCloseable {

  /** Where Debian's {@code postgresql} package installs the server binaries, one directory per version. */
  public static final Path DEBIAN = Path.of("/usr/lib/postgresql");

  /** The user the server is initialized with; it needs no password. */
  public static final String USER = "weir";

  private final Path dir;
  private final int port;
  private final Process server;

  private PostgresServer(Path dir, int port, Process server) {
    this.dir = dir;
    this.port = port;
    this.server = server;
  }

  /** Starts a server, or throws saying what is missing or what the server said. */
  public static PostgresServer start() throws Exception {
    Path bin = binaries();
    boolean root = isRoot();
    Path dir = Files.createTempDirectory("weir-postgres");
    try {
      if (root) {
        run(List.of("chown", "postgres:postgres", dir.toString()), dir, "chown the server's directory to postgres"
            + " (is there a postgres user? Debian's postgresql package creates it)");
      }
      Path data = dir.resolve("data");
      run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
          "-E", "UTF8", "--locale=C", "--no-sync")), dir, "initdb");
      int port = freePort();
      Path log = dir.resolve("server.log");
      Process p = new ProcessBuilder(asServerUser(root, List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
          "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
          "-c", "full_page_writes=off", "-c", "synchronous_commit=off")))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      PostgresServer s = new PostgresServer(dir, port, p);
      s.awaitReady(log);
      return s;
    } catch (Exception | Error e) {
      deleteQuietly(dir);
      throw e;
    }
  }

  private static Path binaries() {
    String env = System.getenv("WEIR_POSTGRES_BIN");
    List<Path> tried = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("postgres"))) {
        return p;
      }
      tried.add(p);
    }
    Path v15 = DEBIAN.resolve("15/bin");
    if (Files.isExecutable(v15.resolve("initdb")) && Files.isExecutable(v15.resolve("postgres"))) {
      return v15;
    }
    tried.add(v15);
    if (Files.isDirectory(DEBIAN)) {
      try (Stream<Path> versions = Files.list(DEBIAN)) {
        var newest = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
            .max(Comparator.comparing(b -> version(b.getParent().getFileName().toString())));
        if (newest.isPresent()) {
          return newest.get();
        }
      } catch (IOException e) {
        // reported below with the rest
      }
    }
    throw new AssertionError("PostgreSQL server binaries (initdb, postgres) not found in " + tried + " or "
        + DEBIAN + "/*/bin: install Debian's postgresql package (apt-get install -y postgresql; .ci/run does),"
        + " or point WEIR_POSTGRES_BIN at a directory holding initdb and postgres. This test does not skip.");
  }

  private static int version(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    id.waitFor();
    return out.equals("0");
  }

  private static List<String> asServerUser(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
    c.addAll(command);
    return c;
  }

  private static void run(List<String> command, Path dir, String what) throws Exception {
    Path out = Files.createTempFile(dir, "cmd", ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(what + " did not finish in 120 s: " + command);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(what + " failed (exit " + p.exitValue() + "): " + command + "\n" + Files.readString(out));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady(Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("postgres exited with " + server.exitValue() + ":\n" + Files.readString(log));
      }
      try (Connection c = dataSource().getConnection()) {
        return;
      } catch (SQLException e) {
        last = e;
        Thread.sleep(50);
      }
    }
    close();
    throw new AssertionError("postgres did not accept connections on port " + port + " within 60 s: " + last + "\n"
        + Files.readString(log));
  }

  /** The JDBC URL of the server's {@code postgres} database: {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The user to connect as, {@value #USER}; no password. */
  public String user() {
    return USER;
  }

  /** The port the server listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** A data source for the server's {@code postgres} database, as {@link #user()}: a new connection per call. */
  public DataSource dataSource() {
    return new UrlDataSource(url(), USER, "");
  }

  /** Stops the server (a smart shutdown, then a kill after 30 s) and deletes its directory. */
  @Override
  public void close() throws Exception {
    if (server.isAlive()) {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
      }
    }
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: what is left goes with the machine's temporary files
    }
  }
}

package dev.weir.test;

import dev.weir.api.JdbcSinkOptions;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.api.UrlDataSource;
import dev.weir.flow.Durability;
import dev.weir.flow.EdgeStatus;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * A child JVM for {@link JdbcResumeKillTest}: runs {@link #flow} on disk journals with batch
 * durability against the PostgreSQL server the test started, or resumes a run of it, so that the
 * test can kill it with SIGKILL at a seeded point. Prints {@code RUNNING <run dir>} once the flow
 * runs and, at the end, {@code RESULT <state> numbers.emitted=<e> rows.received=<r> rows.receipts=<c>
 * errors=<e> contracts=<from>-><to>:<state>,...}, or {@code FAILED <state> <why>}.
 *
 * <p>With a hang point {@code h > 0} its data source, after each commit that went through, counts
 * the table's rows on a connection of its own; once they reach {@code h} it prints {@code COMMITTED
 * <rows>} and blocks inside that commit for good. The sink's flush never returns, so the committed
 * batch has no receipt in the journal when the test kills the child: the window in which a
 * redelivery would write a row twice.
 */
public final class JdbcResumeKillChild {

  /** The flow's name; its runs are in {@code <journal root>/}{@value}{@code /<run id>}. */
  public static final String FLOW = "jdbc-resume-kill";

  /** The table the sink inserts into: no key, no unique constraint, so a second delivery shows as a second row. */
  public static final String TABLE = "resumed_rows";

  /** The sink's statements per transaction: small, so that a run commits many transactions. */
  public static final int BATCH = 50;

  private static final ElementType LONG = ElementType.of(Long.class);

  private JdbcResumeKillChild() {}

  /**
   * The flow: {@code numbers} (the resumable {@link Sources#range} 1..n) {@code |> slowed} (emits
   * {@code 2v} after a busy-wait of {@code spinMicros}, so that a kill lands mid-run) {@code |> rows}
   * ({@link Sinks#jdbc} inserting {@code (id = v/2, doubled = v)} into {@value #TABLE} in
   * transactions of {@value #BATCH} statements).
   *
   * @param ledger whether the sink keeps its default delivery ledger ({@code false}: {@link
   *     JdbcSinkOptions#atLeastOnce()}, no idempotency)
   */
  public static FlowDefinition flow(DataSource ds, long n, boolean ledger, long spinMicros) {
    JdbcSinkOptions options = ledger ? JdbcSinkOptions.defaults().batchSize(BATCH)
        : JdbcSinkOptions.defaults().batchSize(BATCH).atLeastOnce();
    long spinNanos = spinMicros * 1000;
    return FlowDefinition.define(FLOW)
        .bufferSize(256)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i + 1)))
        .stage(StageDefinition.transform("slowed", StageKind.TRANSFORM, LONG, LONG, f -> (Transform<Long, Long>) (v, o) -> {
          long until = System.nanoTime() + spinNanos; // busy-waits; the output does not depend on it
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
          o.emit(v * 2);
        }))
        .stage(StageDefinition.sink("rows", LONG, f -> Sinks.<Long>jdbc(ds, "INSERT INTO " + TABLE + " (id, doubled) VALUES (?, ?)",
            (ps, v) -> {
              ps.setLong(1, v / 2);
              ps.setLong(2, v);
            }, options)))
        .chain("numbers", "slowed", "rows")
        .build();
  }

  /**
   * Args: JDBC url, user, journal root, n, {@code ledger} or {@code none}, busy-wait per item in
   * microseconds, hang point (0: none), and the run dir to resume or {@code -}.
   */
  public static void main(String[] args) throws Exception {
    DataSource real = new UrlDataSource(args[0], args[1], "");
    Path root = Path.of(args[2]);
    long n = Long.parseLong(args[3]);
    boolean ledger = switch (args[4]) {
      case "ledger" -> true;
      case "none" -> false;
      default -> throw new IllegalArgumentException("JdbcResumeKillChild: idempotency must be ledger or none, got '"
          + args[4] + "'");
    };
    long spinMicros = Long.parseLong(args[5]);
    long hangAt = Long.parseLong(args[6]);
    DataSource ds = hangAt > 0 ? new HangingDataSource(real, hangAt) : real;
    FlowBuilder b = flow(ds, n, ledger, spinMicros).builder()
        .journals(Journals.disk(root).durability(Durability.batch()));
    if (!args[7].equals("-")) {
      b.resumeFrom(Path.of(args[7]));
    }
    FlowHandle h = b.start();
    System.out.println("RUNNING " + h.journals().directory().orElseThrow());
    System.out.flush();
    FlowResult r = h.await();
    if (r.failure().isPresent()) {
      System.out.println("FAILED " + r.state() + " " + r.failure().get().getMessage().replace('\n', ' '));
    } else {
      String contracts = h.status().edges().stream()
          .map((EdgeStatus e) -> e.from() + "->" + e.to() + ":" + e.contract())
          .collect(Collectors.joining(","));
      System.out.println("RESULT " + r.state() + " numbers.emitted=" + r.stage("numbers").emitted()
          + " rows.received=" + r.stage("rows").received() + " rows.receipts=" + r.stage("rows").emitted()
          + " errors=" + r.errors() + " contracts=" + contracts);
    }
    System.out.flush();
  }

  /**
   * Hands out connections whose {@code commit}, once it went through, counts the table's rows on a
   * connection of its own and, from {@code hangAt} rows on, prints {@code COMMITTED <rows>} and
   * never returns.
   */
  private static final class HangingDataSource implements DataSource {
    private final DataSource target;
    private final long hangAt;

    HangingDataSource(DataSource target, long hangAt) {
      this.target = target;
      this.hangAt = hangAt;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = target.getConnection();
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
          (proxy, method, args) -> {
            Object result;
            try {
              result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
            if (method.getName().equals("commit")) {
              long rows = rows();
              if (rows >= hangAt) {
                System.out.println("COMMITTED " + rows);
                System.out.flush();
                for (;;) {
                  Thread.sleep(60_000); // the test kills this JVM now; flush never returns, no receipt is journaled
                }
              }
            }
            return result;
          });
    }

    private long rows() throws SQLException {
      try (Connection c = target.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLException("JdbcResumeKillChild: getConnection(user, password) is not used by the JDBC sink");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("JdbcResumeKillChild: not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}

package dev.weir.test;

import dev.weir.api.Sinks;
import dev.weir.api.UrlDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link Sinks#jdbc} against an in-process H2 database: the fast path. */
class JdbcSinkH2Test extends JdbcSinkContract {

  private static DataSource ds;
  private static java.sql.Connection keepAlive;

  @BeforeAll
  static void open() throws Exception {
    ds = new UrlDataSource("jdbc:h2:mem:weir_jdbc_sink;DB_CLOSE_DELAY=-1", "sa", "");
    keepAlive = ds.getConnection();
  }

  @AfterAll
  static void close() throws Exception {
    try (var s = keepAlive.createStatement()) {
      s.execute("SHUTDOWN");
    }
    keepAlive.close();
  }

  @Override
  DataSource dataSource() {
    return ds;
  }

  @Override
  String upsert() {
    return "MERGE INTO orders (id, customer, amount_minor) KEY (id) VALUES (?, ?, ?)";
  }
}

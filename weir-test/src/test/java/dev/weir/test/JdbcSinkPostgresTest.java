package dev.weir.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sinks;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Sinks#jdbc} against a real PostgreSQL server started by the test ({@link PostgresServer}):
 * every case of {@link JdbcSinkContract}, with {@code INSERT ... ON CONFLICT} as the upsert. It fails,
 * never skips, where the server binaries are missing.
 */
class JdbcSinkPostgresTest extends JdbcSinkContract {

  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  DataSource dataSource() {
    return server.dataSource();
  }

  @Override
  String upsert() {
    return "INSERT INTO orders (id, customer, amount_minor) VALUES (?, ?, ?)"
        + " ON CONFLICT (id) DO UPDATE SET customer = EXCLUDED.customer, amount_minor = EXCLUDED.amount_minor";
  }

  @Test
  void theServerIsPostgres() throws Exception {
    try (Connection c = dataSource().getConnection()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }
}

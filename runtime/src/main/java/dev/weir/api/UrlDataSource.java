package dev.weir.api;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over {@link DriverManager}: each {@link #getConnection()} opens a new
 * connection to a JDBC URL with a user and a password, through whichever driver on the class path
 * accepts the URL. No pool: enough for {@link Sinks#jdbc}, which takes one connection per run, and for
 * a program whose driver is a runtime dependency only (its own data source class out of reach); a
 * service would rather pass its pool's data source. {@link #toString()} shows the URL, never the
 * password.
 */
public final class UrlDataSource implements DataSource {

  private final String url;
  private final String user;
  private final String password;

  /**
   * Connections to {@code url} ({@code jdbc:postgresql://host:5432/db}, {@code jdbc:h2:mem:test}) as
   * {@code user} with {@code password}.
   *
   * @throws IllegalArgumentException if {@code url} does not start with {@code jdbc:}
   */
  public UrlDataSource(String url, String user, String password) {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("a JDBC URL starts with 'jdbc:', got '" + url + "'");
    }
    this.url = url;
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
  }

  /** The JDBC URL. */
  public String url() {
    return url;
  }

  /** The user the connections log in as. */
  public String user() {
    return user;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public Connection getConnection(String otherUser, String otherPassword) throws SQLException {
    return DriverManager.getConnection(url, otherUser, otherPassword);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("UrlDataSource wraps nothing");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }

  @Override
  public String toString() {
    return url;
  }
}

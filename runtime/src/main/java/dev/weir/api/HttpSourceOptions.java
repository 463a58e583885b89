package dev.weir.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Sources#httpPull} and {@link Sources#httpPoll} make their requests: extra headers, the
 * timeouts, and how a next-page cursor becomes the next URL. Immutable: each method returns a copy.
 */
public final class HttpSourceOptions {

  private final Map<String, String> headers;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final String cursorParameter;

  private HttpSourceOptions(Map<String, String> headers, Duration connectTimeout, Duration requestTimeout,
      String cursorParameter) {
    this.headers = Map.copyOf(headers);
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.cursorParameter = cursorParameter;
  }

  /** No extra headers, 10 s to connect, 30 s for a response, cursors that are URLs. */
  public static HttpSourceOptions defaults() {
    return new HttpSourceOptions(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(30), null);
  }

  /** Sends {@code name: value} with every request ({@code Authorization}, {@code Accept}...). */
  public HttpSourceOptions header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpSourceOptions(more, connectTimeout, requestTimeout, cursorParameter);
  }

  /** How long connecting may take; a connection not made in time is a {@link ErrorKind#TIMEOUT} failure. */
  public HttpSourceOptions connectTimeout(Duration value) {
    return new HttpSourceOptions(headers, positive(value, "connectTimeout"), requestTimeout, cursorParameter);
  }

  /** How long a response may take; one not there in time is a {@link ErrorKind#TIMEOUT} failure. */
  public HttpSourceOptions requestTimeout(Duration value) {
    return new HttpSourceOptions(headers, connectTimeout, positive(value, "requestTimeout"), cursorParameter);
  }

  /**
   * The next cursor is the value of query parameter {@code name}: the next page is the first URL
   * with {@code name=<cursor>} set (replacing it if present). Without this, a cursor is a URL,
   * absolute or relative to the page it came from.
   */
  public HttpSourceOptions cursorParameter(String name) {
    if (Objects.requireNonNull(name, "name").isBlank()) {
      throw new IllegalArgumentException("a cursor parameter needs a name");
    }
    return new HttpSourceOptions(headers, connectTimeout, requestTimeout, name);
  }

  Map<String, String> headers() {
    return headers;
  }

  Duration connectTimeoutValue() {
    return connectTimeout;
  }

  Duration requestTimeoutValue() {
    return requestTimeout;
  }

  Optional<String> cursorParameterName() {
    return Optional.ofNullable(cursorParameter);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }

  @Override
  public String toString() { // header values are left out: they often hold credentials
    return "HttpSourceOptions[headers=" + headers.keySet() + ", connectTimeout=" + connectTimeout + ", requestTimeout="
        + requestTimeout + ", cursorParameter=" + cursorParameter + "]";
  }
}

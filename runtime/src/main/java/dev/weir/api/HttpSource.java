package dev.weir.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The source behind {@link Sources#httpPull} (one GET per {@code next}, following the cursor until a
 * page has none) and {@link Sources#httpPoll} (one GET every interval, until the flow stops), on the
 * JDK {@link HttpClient}.
 *
 * <p>Each call of {@code next} makes at most one request and decides on its answer alone: a 2xx is
 * decoded and emitted; a 304 is nothing new; a 408, 429 or 5xx, and a connection that fails, is
 * thrown as a transient {@link StageException} ({@code RATE_LIMITED} with the {@code Retry-After}
 * as its hint when the server sent one) so that the stage's {@code @Retry} makes the call again,
 * waiting at least that long; any other status is fatal for the request: it is rejected into the
 * source's error journal with the URL and the status. The cursor and the poll clock move only when a
 * call did not throw, so a retried call asks for the same page again.
 */
final class HttpSource<T> implements Source<T> {

  /** The most of a body kept as a dead letter's raw input. */
  static final int MAX_RAW_CHARS = 1 << 20;
  private static final int SHOWN = 200;

  private final URI first;
  private final HttpDecoder<T> decoder;
  private final HttpSourceOptions options;
  /** Null for a pull source. */
  private final Duration interval;

  private HttpClient client;
  private URI page;
  private boolean done;
  private long nextPollNanos;
  /** Whether a poll has been made (nanoTime has no origin: a zero {@link #nextPollNanos} says nothing). */
  private boolean polled;
  private String etag;
  private String lastModified;

  HttpSource(URI first, HttpDecoder<T> decoder, HttpSourceOptions options, Duration interval) {
    this.first = Objects.requireNonNull(first, "url");
    if (!"http".equalsIgnoreCase(first.getScheme()) && !"https".equalsIgnoreCase(first.getScheme())) {
      throw new IllegalArgumentException("an HTTP source needs an http or https URL, got " + first);
    }
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.options = Objects.requireNonNull(options, "options");
    if (interval != null && (interval.isZero() || interval.isNegative())) {
      throw new IllegalArgumentException("a poll interval must be positive, got " + interval);
    }
    this.interval = interval;
    this.page = first;
  }

  private boolean polling() {
    return interval != null;
  }

  @Override
  public boolean next(Emitter<T> out) throws Exception {
    if (done) {
      return false;
    }
    long start = System.nanoTime();
    if (polling() && polled && start - nextPollNanos < 0) {
      return true; // not due: the runner parks briefly and asks again (a stop is seen between calls)
    }
    if (client == null) {
      client = HttpClient.newBuilder()
          .connectTimeout(options.connectTimeoutValue())
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
    }
    HttpResponse<String> response = fetch(page);
    // nothing below throws for a status: the call counts as made, and the cursor or the clock moves
    if (polling()) {
      nextPollNanos = start + interval.toNanos();
      polled = true;
    }
    int status = response.statusCode();
    if (status == 304) {
      return endOfPaging(); // nothing new (a pull source did not ask conditionally: its paging ends)
    }
    if (status < 200 || status > 299) {
      reject(out, response, ErrorKind.PERMANENT, "HTTP " + status + " (fatal for this request): "
          + shown(response.body()));
      return endOfPaging();
    }
    HttpPage<T> decoded;
    try {
      decoded = decoder.decode(response.body());
      Objects.requireNonNull(decoded, "the decoder returned null");
    } catch (Exception e) {
      reject(out, response, ErrorKind.DESERIALIZATION, "HTTP " + status + ": the body cannot be decoded: " + e.getMessage());
      return endOfPaging();
    }
    if (polling()) {
      etag = response.headers().firstValue("ETag").orElse(null);
      lastModified = response.headers().firstValue("Last-Modified").orElse(null);
    }
    for (T item : decoded.items()) {
      out.emit(item);
    }
    if (polling()) {
      return true;
    }
    if (decoded.next().isEmpty()) {
      done = true;
      return false;
    }
    page = nextPage(response.uri(), decoded.next().get());
    return true;
  }

  /** After a fatal answer: a pull source has no cursor to go on with, so its paging ends; a poll source polls again. */
  private boolean endOfPaging() {
    if (polling()) {
      return true;
    }
    done = true;
    return false;
  }

  private HttpResponse<String> fetch(URI url) throws StageException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(options.requestTimeoutValue());
    options.headers().forEach(request::header);
    if (polling() && etag != null) {
      request.header("If-None-Match", etag);
    } else if (polling() && lastModified != null) {
      request.header("If-Modified-Since", lastModified);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new StageException(ErrorKind.TIMEOUT, "GET " + url + ": no answer in time: " + e.getMessage(), e);
    } catch (ConnectException e) {
      throw new StageException(ErrorKind.REMOTE, "GET " + url + ": cannot connect (refused or unreachable): " + describe(e), e);
    } catch (IOException e) {
      throw new StageException(ErrorKind.REMOTE, "GET " + url + ": the request failed: " + describe(e), e);
    }
    int status = response.statusCode();
    if (status == 429 || status == 408 || status >= 500) {
      String header = response.headers().firstValue("Retry-After").orElse(null);
      Optional<Duration> after = RetryAfter.parse(header, Instant.now());
      String what = "GET " + url + ": HTTP " + status + (after.isPresent() ? " (Retry-After: " + header + ")" : "")
          + ": " + shown(response.body());
      if (after.isPresent()) {
        throw StageException.rateLimited(what, after.get()); // the remote side says when: @Retry waits at least that
      }
      throw new StageException(status == 429 ? ErrorKind.RATE_LIMITED : status == 408 ? ErrorKind.TIMEOUT : ErrorKind.REMOTE, what);
    }
    return response;
  }

  private URI nextPage(URI current, String cursor) {
    Optional<String> parameter = options.cursorParameterName();
    if (parameter.isEmpty()) {
      return current.resolve(cursor);
    }
    String name = parameter.get();
    StringJoiner query = new StringJoiner("&");
    String raw = first.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (!key.equals(URLEncoder.encode(name, StandardCharsets.UTF_8)) && !pair.isEmpty()) {
          query.add(pair);
        }
      }
    }
    query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    String base = first.toString();
    int cut = base.indexOf('?');
    int hash = base.indexOf('#');
    String path = cut >= 0 ? base.substring(0, cut) : hash >= 0 ? base.substring(0, hash) : base;
    return URI.create(path + "?" + query);
  }

  private void reject(Emitter<T> out, HttpResponse<String> response, ErrorKind kind, String what) {
    String body = response.body() == null ? "" : response.body();
    String raw = body.length() <= MAX_RAW_CHARS ? body : body.substring(0, MAX_RAW_CHARS);
    String then = polling() ? "; polling goes on" : "; paging stops here (no next cursor)";
    out.reject(raw, kind, "GET " + response.request().uri() + ": " + what + then);
  }

  private static String shown(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String one = body.strip().replace('\n', ' ').replace('\r', ' ');
    return one.length() <= SHOWN ? one : one.substring(0, SHOWN) + "...";
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    for (Throwable c = e.getCause(); m == null && c != null && c != c.getCause(); c = c.getCause()) {
      m = c.getMessage();
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  @Override
  public void close() {
    client = null; // the JDK 17 client has no close: its threads end once it is unreachable
  }
}

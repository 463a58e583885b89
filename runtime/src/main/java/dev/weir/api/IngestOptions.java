package dev.weir.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How an ingestion source ({@link Sources#ingest}) takes requests: who may post (no check, an API
 * key header, a bearer token, or an HMAC-SHA256 signed webhook), how many items may wait for the
 * source, the largest body, and how long a request waits for the source. Immutable: each method
 * returns a copy. Secrets never appear in {@link #toString()}.
 */
public final class IngestOptions {

  /** How a request proves it may post. */
  enum Auth { NONE, API_KEY, BEARER, HMAC }

  private final Auth auth;
  private final String header;
  private final byte[] secret;
  private final Duration replayWindow;
  private final int bufferSize;
  private final int maxBodyBytes;
  private final Duration acceptTimeout;
  private final Duration retryAfter;

  private IngestOptions(Auth auth, String header, byte[] secret, Duration replayWindow, int bufferSize, int maxBodyBytes,
      Duration acceptTimeout, Duration retryAfter) {
    this.auth = auth;
    this.header = header;
    this.secret = secret;
    this.replayWindow = replayWindow;
    this.bufferSize = bufferSize;
    this.maxBodyBytes = maxBodyBytes;
    this.acceptTimeout = acceptTimeout;
    this.retryAfter = retryAfter;
  }

  /**
   * No authentication (a server serving it must bind the loopback address), 1024 items waiting at
   * most, bodies up to 1 MiB, 10 s for the source to take a request, {@code Retry-After: 1}.
   */
  public static IngestOptions defaults() {
    return new IngestOptions(Auth.NONE, null, null, Duration.ofMinutes(5), 1024, 1 << 20, Duration.ofSeconds(10),
        Duration.ofSeconds(1));
  }

  /** Requests must carry {@code headerName: key} (compared in constant time). */
  public IngestOptions apiKey(String headerName, String key) {
    return with(Auth.API_KEY, nonBlank(headerName, "the API key header"), nonBlank(key, "an API key"));
  }

  /** Requests must carry {@code Authorization: Bearer <token>} (compared in constant time). */
  public IngestOptions bearer(String token) {
    return with(Auth.BEARER, "Authorization", nonBlank(token, "a bearer token"));
  }

  /**
   * Requests must be signed webhooks: {@code X-Weir-Timestamp: <Unix seconds>} and {@code
   * X-Weir-Signature: sha256=<hex>}, the HMAC-SHA256 with {@code secret} of {@code <timestamp>.<body>};
   * a timestamp further than the replay window ({@link #replayWindow}, 5 minutes by default) from
   * the server's clock is refused, and so is a request whose signature was already accepted within
   * the window (401, a replay), so a captured request cannot be sent again, neither later nor now.
   * A request that was not accepted (400, 413, 503) may be sent again as it was.
   */
  public IngestOptions hmac(String secret) {
    return with(Auth.HMAC, "X-Weir-Signature", nonBlank(secret, "an HMAC secret"));
  }

  /** How far a signed request's timestamp may be from now, either way. */
  public IngestOptions replayWindow(Duration window) {
    return new IngestOptions(auth, header, secret, positive(window, "replayWindow"), bufferSize, maxBodyBytes,
        acceptTimeout, retryAfter);
  }

  /** How many items may wait for the source at once; a request that does not fit gets 503. */
  public IngestOptions bufferSize(int items) {
    if (items < 1) {
      throw new IllegalArgumentException("bufferSize must be at least 1, got " + items);
    }
    return new IngestOptions(auth, header, secret, replayWindow, items, maxBodyBytes, acceptTimeout, retryAfter);
  }

  /** The largest request body, in bytes; a larger one gets 413. */
  public IngestOptions maxBodyBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1, got " + bytes);
    }
    return new IngestOptions(auth, header, secret, replayWindow, bufferSize, bytes, acceptTimeout, retryAfter);
  }

  /**
   * How long a request waits for the source to take its items (the flow not started yet, or
   * backpressure); after that it gets 503 and none of its items is journaled.
   */
  public IngestOptions acceptTimeout(Duration timeout) {
    return new IngestOptions(auth, header, secret, replayWindow, bufferSize, maxBodyBytes,
        positive(timeout, "acceptTimeout"), retryAfter);
  }

  /** The {@code Retry-After} a 503 carries, whole seconds (at least 1). */
  public IngestOptions retryAfter(Duration wait) {
    return new IngestOptions(auth, header, secret, replayWindow, bufferSize, maxBodyBytes, acceptTimeout,
        positive(wait, "retryAfter"));
  }

  /** The largest request body, in bytes. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Whether requests must authenticate. */
  public boolean authenticated() {
    return auth != Auth.NONE;
  }

  /**
   * What a request must carry to be let in, in words, without the secret: e.g. {@code "no
   * authentication"}, {@code "API key in header 'X-Api-Key'"}, {@code "Authorization: Bearer <token>"}.
   */
  public String authRequirement() {
    return switch (auth) {
      case NONE -> "no authentication";
      case API_KEY -> "API key in header '" + header + "'";
      case BEARER -> "Authorization: Bearer <token>";
      case HMAC -> "HMAC-SHA256 signed: " + IngestAuth.TIMESTAMP + " and " + IngestAuth.SIGNATURE + ", replay window "
          + replayWindow.toSeconds() + " s";
    };
  }

  Auth auth() {
    return auth;
  }

  String header() {
    return header;
  }

  byte[] secret() {
    return secret;
  }

  Duration replayWindowValue() {
    return replayWindow;
  }

  int bufferSizeValue() {
    return bufferSize;
  }

  Duration acceptTimeoutValue() {
    return acceptTimeout;
  }

  Duration retryAfterValue() {
    return retryAfter;
  }

  private IngestOptions with(Auth mode, String headerName, String key) {
    return new IngestOptions(mode, headerName, key.getBytes(StandardCharsets.UTF_8), replayWindow, bufferSize,
        maxBodyBytes, acceptTimeout, retryAfter);
  }

  private static String nonBlank(String value, String what) {
    if (Objects.requireNonNull(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "IngestOptions[auth=" + auth + (header == null ? "" : " (" + header + ")") + ", bufferSize=" + bufferSize
        + ", maxBodyBytes=" + maxBodyBytes + ", acceptTimeout=" + acceptTimeout + ", retryAfter=" + retryAfter
        + ", replayWindow=" + replayWindow + "]";
  }
}

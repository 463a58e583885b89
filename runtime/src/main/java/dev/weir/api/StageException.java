package dev.weir.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Thrown by a handler to fail one input with a chosen {@link ErrorKind}. */
public class StageException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final Duration retryAfter;

  public StageException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  public StageException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = null;
  }

  private StageException(String message, Duration retryAfter) {
    super(message);
    this.kind = ErrorKind.RATE_LIMITED;
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * A remote system refused the work for now and said when to come back (an HTTP 429's
   * {@code Retry-After}): a {@code @Retry} waits at least {@code retryAfter} before the next attempt.
   */
  public static StageException rateLimited(String message, Duration retryAfter) {
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
    }
    return new StageException(message, retryAfter);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** For a {@link #rateLimited} failure, how long the remote system asked to wait. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

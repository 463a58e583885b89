package dev.weir.api;

import java.util.Objects;

/** Thrown by a handler to fail one input with a chosen {@link ErrorKind}. */
public class StageException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public StageException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  public StageException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public ErrorKind kind() {
    return kind;
  }
}

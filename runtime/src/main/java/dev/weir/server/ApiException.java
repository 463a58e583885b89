package dev.weir.server;

/** A request the API refuses: the HTTP status and the reason, sent as {@code {"status": n, "error": reason}}. */
final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}

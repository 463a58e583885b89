package dev.weir.flow;

import java.util.Optional;

/** Why a run failed: what failed, where, and the underlying cause when there is one. */
public final class FlowException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String stage;

  public FlowException(String message, String stage, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  public FlowException(String message) {
    this(message, null, null);
  }

  /** The stage at fault, when the failure belongs to one. */
  public Optional<String> stage() {
    return Optional.ofNullable(stage);
  }
}

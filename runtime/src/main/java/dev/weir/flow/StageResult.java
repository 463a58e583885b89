package dev.weir.flow;

import dev.weir.api.ErrorKind;
import java.util.Map;

/**
 * What one stage did in a run.
 *
 * @param name the stage's name
 * @param kind the stage's kind
 * @param received data events read from all inputs
 * @param emitted data events written to its output (for a sink: delivery receipts); fallback answers included
 * @param errors inputs sent to its error journal
 * @param retries calls made again after a transient failure (a {@code @Retry}); attempts beyond each input's first
 * @param fallbacks inputs answered by the circuit breaker's fallback instead of the handler
 * @param errorsByKind {@code errors} split by kind; kinds with none are absent
 */
public record StageResult(String name, StageKind kind, long received, long emitted, long errors, long retries,
    long fallbacks, Map<ErrorKind, Long> errorsByKind) {

  public StageResult {
    errorsByKind = Map.copyOf(errorsByKind);
  }

  /** A stage result without middleware counts. */
  public StageResult(String name, StageKind kind, long received, long emitted, long errors) {
    this(name, kind, received, emitted, errors, 0, 0, Map.of());
  }

  /** The dead letters of {@code errorKind}; 0 for none. */
  public long errors(ErrorKind errorKind) {
    return errorsByKind.getOrDefault(errorKind, 0L);
  }
}

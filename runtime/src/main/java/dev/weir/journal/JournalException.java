package dev.weir.journal;

import java.util.Objects;

/** A journal failed: it says which journal, what went wrong, and where (file, offset, seq). */
public final class JournalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Problem {
    /** A record in the middle fails its CRC, HMAC, framing or sequence check. */
    CORRUPT,
    /** Writing failed (an I/O error). */
    WRITE_FAILED,
    /** The device is full. */
    NO_SPACE,
    /** Syncing to stable storage failed: fatal, never retried as success. */
    SYNC_FAILED,
    /** A payload is larger than the configured maximum. */
    TOO_LARGE,
    /** A payload could not be encoded by its codec. */
    ENCODE_FAILED,
    /** Reading failed or the journal is not usable. */
    READ_FAILED,
    /** The process may not open as many files as the run needs. */
    TOO_MANY_FILES,
    /**
     * A resumed run re-derived a record that is not the one the interrupted run journaled at that
     * seq: the stage (or its input) is not deterministic, so the run cannot be continued.
     */
    DIVERGED
  }

  private final Problem problem;

  public JournalException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  public JournalException(Problem problem, String message) {
    this(problem, message, null);
  }

  public Problem problem() {
    return problem;
  }

  /**
   * Whether the journal can no longer be trusted, so the flow must fail; a payload that is too
   * large or cannot be encoded only fails that one event.
   */
  public boolean fatal() {
    return problem != Problem.TOO_LARGE && problem != Problem.ENCODE_FAILED;
  }
}

package dev.weir.engine;

/**
 * The engine's wait scheme: a stage with nothing to do spins briefly, then yields, then parks until
 * a producer (new input), a consumer (free space) or the supervisor (start, stop) wakes it. Busy
 * stages never park, so the hot path pays nothing; idle stages cost no CPU.
 */
final class Backoff {

  /** Spins before yielding: a few microseconds, cheap relief for short gaps. */
  static final int SPINS = 64;
  /** Yields before parking. */
  static final int YIELDS = 8;
  /**
   * Longest park: a safety net only, since every wake-up is signalled (new input, freed space,
   * start, stop, halt, a completed async call, a cycle member's batch); it bounds idle wake-ups to
   * one per second per stage.
   */
  static final long PARK_NANOS = 1_000_000_000L;

  private final Parker parker;
  private boolean yieldOnly;
  private int rounds;

  Backoff(Parker parker) {
    this.parker = parker;
  }

  /** With {@code true}, idle waits yield instead of parking (see {@code WaitMode.YIELD}). */
  void yieldOnly(boolean value) {
    this.yieldOnly = value;
  }

  void reset() {
    rounds = 0;
  }

  /** Whether the next {@link #idle} step parks (or, yielding only, has given up spinning). */
  boolean parksNext() {
    return rounds >= SPINS + YIELDS;
  }

  /** One step of waiting for {@code ready}, parking at most {@code maxParkNanos}. */
  void idle(Parker.Readiness ready, long maxParkNanos) {
    int r = rounds;
    if (r < SPINS) {
      rounds = r + 1;
      Thread.onSpinWait();
    } else if (r < SPINS + YIELDS || yieldOnly) {
      rounds = r + 1;
      Thread.yield();
    } else {
      parker.park(ready, maxParkNanos);
    }
  }

  /** Parks at once (no spinning), for waits expected to be long such as the start signal. */
  void park(Parker.Readiness ready) {
    parker.park(ready, PARK_NANOS);
  }
}

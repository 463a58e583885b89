package dev.weir.middleware;

/**
 * How middleware waits on a stage's own thread (a retry's backoff, a rate limit, a breaker's
 * {@code WAIT}): the thread parks, never spins, and a halt of the stage ends the wait at once.
 */
public interface StageWait {

  /**
   * Parks the stage thread until {@code nanos} have passed; what the stage wrote so far is made
   * visible downstream first. Throws the engine's halt when the stage is halted meanwhile.
   */
  void pause(long nanos);
}

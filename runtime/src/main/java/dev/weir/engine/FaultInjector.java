package dev.weir.engine;

/**
 * Faults injected on an edge's ring, below the API, so tests can prove that contracts catch them.
 * The journal still records what the stage wrote; only what readers see is changed.
 */
public interface FaultInjector {

  /** No faults. */
  FaultInjector NONE = new FaultInjector() {};

  /** Whether the data event {@code seq} written by {@code stage} is dropped on its way to readers. */
  default boolean drop(String stage, long seq) {
    return false;
  }

  /** Whether the data event {@code seq} written by {@code stage} reaches readers twice. */
  default boolean duplicate(String stage, long seq) {
    return false;
  }

  /** Whether the data event {@code seq} written by {@code stage} swaps places with the next one. */
  default boolean swapWithNext(String stage, long seq) {
    return false;
  }

  /** Whether the write of data event {@code seq} by {@code stage} is lost before it reaches the journal. */
  default boolean loseWrite(String stage, long seq) {
    return false;
  }

  /** Whether the sink {@code stage} loses the receipt for its {@code consumed}-th consumed event. */
  default boolean loseReceipt(String stage, long consumed) {
    return false;
  }

  /**
   * Whether readers see other payload bytes for event {@code seq} than {@code stage} journaled (what a
   * bit flip on the way, or a payload changed after it was journaled, looks like to a reader).
   */
  default boolean corrupt(String stage, long seq) {
    return false;
  }
}

package dev.weir.engine;

/**
 * How long a stage took to handle each input, as a histogram with fixed bounds: written by the
 * stage's thread alone (plain adds, no atomics: metering must not slow the stage much), read by
 * metrics from other threads, which may see a count a moment before the sum that goes with it.
 */
public final class ProcessingTimes {

  /** The upper bounds of the buckets, in nanoseconds (1 µs to 10 s); a last bucket takes the rest. */
  public static final long[] UPPER_BOUNDS_NANOS = {
      1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
      1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000, 500_000_000,
      1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L};

  /** Cells of padding on each side: the stages' histograms are made one after another, close in memory. */
  private static final int PAD = 16;
  private static final int BUCKETS = UPPER_BOUNDS_NANOS.length + 1;
  private static final int COUNT = PAD + BUCKETS;
  private static final int SUM = COUNT + 1;

  /**
   * The buckets, the count and the sum in one padded array, so that two stages' histograms never
   * share a cache line (false sharing slowed a metered pipeline down by half).
   */
  private final long[] cells = new long[SUM + 1 + PAD];

  /**
   * On the stage thread: {@code inputs} inputs, handled one after another, took {@code nanos} in all;
   * each is counted in the bucket of their mean time. The count and the sum are exact; the buckets
   * resolve the time of one poll of an input (up to 512 inputs), not of each input: timing every
   * input (two clock reads each) slowed a metered pipeline down by more than half.
   */
  void record(long nanos, long inputs) {
    long mean = nanos / inputs;
    int i = 0;
    while (i < UPPER_BOUNDS_NANOS.length && mean > UPPER_BOUNDS_NANOS[i]) {
      i++;
    }
    long[] c = cells;
    c[PAD + i] += inputs;
    c[SUM] += nanos;
    c[COUNT] += inputs;
  }

  /** Inputs timed so far. */
  public long count() {
    return cells[COUNT];
  }

  /** Their time, in all. */
  public long sumNanos() {
    return cells[SUM];
  }

  /**
   * The inputs in each bucket: those that took more than {@code UPPER_BOUNDS_NANOS[i - 1]} and at
   * most {@code UPPER_BOUNDS_NANOS[i]}; the last, more than the last bound.
   */
  public long[] bucketCounts() {
    return java.util.Arrays.copyOfRange(cells, PAD, PAD + BUCKETS);
  }
}

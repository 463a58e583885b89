package dev.weir.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one run's sink saw: the count and sum of the values it received (checked against the exact
 * expected figures, so no stage can be optimized away and no event can be lost or duplicated
 * unnoticed), the time it saw the last expected event, and an end-to-end latency sample.
 *
 * <p>Latency sampling: the source stamps {@link System#nanoTime()} for every input {@code i} with
 * {@code i % sampleEvery == 0} into a preallocated array; the sink, receiving {@code i + depth},
 * records the difference in a preallocated {@link Histogram}. The stamp is written before the event
 * is published, and the event's hand-over (ring publish, journal flush, queue lock) orders it before
 * the sink's read. Neither side allocates.
 *
 * <p>{@link #count} and {@link #sum} are written by the sink thread only and read by the harness
 * after {@link #awaitLast} returned true (the latch orders them).
 */
final class Tally {

  /** Latencies above this are recorded as this (a sample never throws). */
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final long expected;
  private final int depth;
  private final long sampleMask;
  private final int sampleShift;
  private final long[] sentAt;
  private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
  private final CountDownLatch last = new CountDownLatch(1);

  long count;
  long sum;
  private long lastNanos;
  private volatile long firstNanos;

  /**
   * @param expected events the source emits; {@code 0} for an idle run (the sink never completes)
   * @param depth map stages between source and sink: the sink receives {@code i + depth}
   * @param sampleEvery a power of two: one latency sample per this many events
   */
  Tally(long expected, int depth, int sampleEvery) {
    if (Integer.bitCount(sampleEvery) != 1) {
      throw new IllegalArgumentException("sampleEvery must be a power of two, got " + sampleEvery);
    }
    this.expected = expected;
    this.depth = depth;
    this.sampleMask = sampleEvery - 1L;
    this.sampleShift = Integer.numberOfTrailingZeros(sampleEvery);
    this.sentAt = new long[(int) (expected >>> sampleShift) + 1];
  }

  /** Exact sum the sink must see: {@code sum(i + depth) for i in [0, n)}. */
  static long expectedSum(long n, int depth) {
    return n * (n - 1) / 2 + n * depth;
  }

  long expected() {
    return expected;
  }

  int depth() {
    return depth;
  }

  /** Source side: called with input {@code i} just before it is handed downstream. */
  void sent(long i) {
    if ((i & sampleMask) == 0 && i < expected) {
      long now = System.nanoTime();
      sentAt[(int) (i >>> sampleShift)] = now;
      if (i == 0) {
        firstNanos = now;
      }
    }
  }

  /** When the source handed over its first event ({@code 0}), or 0 if it has not. */
  long firstNanos() {
    return firstNanos;
  }

  /** Sink side: called once per received value. */
  void received(long value) {
    long c = ++count;
    sum += value;
    long i = value - depth;
    if ((i & sampleMask) == 0 && i >= 0 && i < expected) {
      long started = sentAt[(int) (i >>> sampleShift)];
      if (started != 0) {
        latency.recordValue(Math.min(Math.max(System.nanoTime() - started, 0), MAX_LATENCY_NANOS));
      }
    }
    if (c == expected) {
      lastNanos = System.nanoTime();
      last.countDown();
    }
  }

  /** Waits until the sink has received {@link #expected()} events. */
  boolean awaitLast(long timeout, TimeUnit unit) throws InterruptedException {
    return last.await(timeout, unit);
  }

  /** When the sink received its {@link #expected()}th event; valid after {@link #awaitLast}. */
  long lastNanos() {
    return lastNanos;
  }

  /** The latency sample; read after {@link #awaitLast}. */
  Histogram latency() {
    return latency;
  }
}

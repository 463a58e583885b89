package dev.weir.benchmarks;

/** A preallocated, mutable ring slot for the raw Disruptor peers: the hot path allocates nothing. */
final class LongSlot {
  long value;
}

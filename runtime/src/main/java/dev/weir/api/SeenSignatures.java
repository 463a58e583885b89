package dev.weir.api;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The signatures of the signed webhooks an ingestion source accepted recently, so that the same
 * signed request (same timestamp, same body, so same signature) is refused when it comes again
 * within the replay window. A signature is remembered until its timestamp leaves the window; at most
 * {@link #CAPACITY} are remembered at once, and while that many are, a new signed request is refused
 * (the caller answers 503) rather than one being forgotten early.
 *
 * <p>Only signatures that already matched are looked up, so the lookup reveals nothing secret: the
 * comparisons against the secret stay constant-time in {@link IngestAuth}.
 */
final class SeenSignatures {

  /** How many signatures are remembered at most. */
  static final int CAPACITY = 100_000;

  /** What {@link #claim} found. */
  enum Claim { FIRST, REPLAYED, FULL }

  private record Entry(String signature, long forgetAt) {}

  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by {@link #lock}: signature to the Unix second it may be forgotten at. */
  private final Map<String, Long> seen = new HashMap<>();
  /** Guarded by {@link #lock}: in claim order, to forget expired ones. */
  private final ArrayDeque<Entry> order = new ArrayDeque<>();
  private final int capacity;

  SeenSignatures() {
    this(CAPACITY);
  }

  SeenSignatures(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Claims {@code signature}, whose timestamp is {@code timestamp} (Unix seconds), at {@code now}
   * with a window of {@code windowSeconds} either way.
   */
  Claim claim(String signature, long timestamp, long now, long windowSeconds) {
    lock.lock();
    try {
      forgetExpired(now);
      Long until = seen.get(signature);
      if (until != null && until >= now) {
        return Claim.REPLAYED;
      }
      if (seen.size() >= capacity) {
        return Claim.FULL;
      }
      long forgetAt = timestamp + windowSeconds;
      seen.put(signature, forgetAt);
      order.addLast(new Entry(signature, forgetAt));
      return Claim.FIRST;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a claimed signature whose request was not accepted (400, 413, 503), so the sender may send it again. */
  void release(String signature) {
    lock.lock();
    try {
      seen.remove(signature); // its entry in order is skipped when it comes up
    } finally {
      lock.unlock();
    }
  }

  /** How many signatures are remembered now. */
  int size() {
    lock.lock();
    try {
      return seen.size();
    } finally {
      lock.unlock();
    }
  }

  private void forgetExpired(long now) {
    // Claim order is nearly timestamp order (timestamps are within the window of now); an entry past
    // its time behind one that is not yet waits a little longer, which only costs memory.
    while (!order.isEmpty() && order.peekFirst().forgetAt() < now) {
      Entry e = order.removeFirst();
      seen.remove(e.signature(), e.forgetAt());
    }
    if (order.size() > 2 * capacity) { // released entries pile up only when most requests fail
      order.removeIf(e -> !Long.valueOf(e.forgetAt()).equals(seen.get(e.signature())));
    }
  }
}

package dev.weir.event;

/**
 * The running checksum over a stage's data events that its end of stream advertises and each
 * reader recomputes: it mixes every event's seq with its payload's hash, in order, so loss,
 * duplication, reordering and changed payloads all change it.
 */
public final class Checksum {

  private Checksum() {}

  /** The checksum before any event. */
  public static final long EMPTY = 0x9E3779B97F4A7C15L;

  /** Folds one event into {@code running}. */
  public static long mix(long running, long seq, Object payload) {
    long h = (running ^ (seq * 0xC2B2AE3D27D4EB4FL)) + (payload == null ? 0 : payload.hashCode());
    h *= 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}

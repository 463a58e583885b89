package dev.weir.event;

/**
 * The running checksum over a stage's data events that its end of stream advertises and each
 * reader recomputes: it mixes every event's seq with the CRC32C of its payload's encoded bytes, in
 * order, so loss, duplication, reordering and changed payload bytes all change it. It depends on
 * nothing but bytes, so the same data gives the same checksum in every JVM.
 */
public final class Checksum {

  private Checksum() {}

  /** The checksum before any event. */
  public static final long EMPTY = 0x9E3779B97F4A7C15L;

  /** Folds one event into {@code running}: its seq and the CRC32C of its payload bytes. */
  public static long mix(long running, long seq, int payloadCrc) {
    long h = (running ^ (seq * 0xC2B2AE3D27D4EB4FL)) + (payloadCrc & 0xFFFFFFFFL) * 0xD6E8FEB86659FD93L;
    h *= 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}

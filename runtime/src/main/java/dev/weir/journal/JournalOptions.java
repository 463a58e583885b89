package dev.weir.journal;

import dev.weir.flow.Durability;
import java.util.Objects;

/**
 * How disk journals are written.
 *
 * @param durability when appends reach stable storage
 * @param segmentBytes the size at which a segment rolls
 * @param maxPayload the largest payload an append accepts, in bytes
 * @param key the HMAC-SHA256 key that seals every batch, or null for none
 * @param faults file-level faults injected by tests; {@link FileFaults#NONE} otherwise
 */
record JournalOptions(Durability durability, long segmentBytes, int maxPayload, byte[] key, FileFaults faults) {

  JournalOptions {
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(faults, "faults");
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException("segments must be at least 4096 bytes, got " + segmentBytes);
    }
    if (maxPayload < 1) {
      throw new IllegalArgumentException("the payload limit must be positive, got " + maxPayload);
    }
  }
}

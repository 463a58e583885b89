package dev.weir.flow;

import dev.weir.flow.EventRef;
import dev.weir.flow.RecordKind;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * One record read back from a journal.
 *
 * @param seq the writer sequence
 * @param kind what the record is
 * @param parent the event it was derived from ({@link EventRef#NONE} for what a source emits)
 * @param joined for a join's output, the reference event it was joined with; else {@link EventRef#NONE}
 * @param correlationId the id of the source event it descends from
 * @param depth passes around a cycle
 * @param timestamp epoch milliseconds when its batch was written
 * @param payload the event decoded from its bytes, or a {@code DeadLetter}, {@code EndOfStream} or {@code SystemEvent}
 * @param payloadBytes the payload's bytes as the journal holds them (encoded by the stage's codec)
 * @param fallback whether a circuit breaker's fallback, not the stage's handler, produced it (data and receipts)
 */
public record JournalRecord(
    long seq, RecordKind kind, EventRef parent, EventRef joined, long correlationId, int depth, long timestamp,
    Object payload, byte[] payloadBytes, boolean fallback) {

  public JournalRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payloadBytes, "payloadBytes");
  }

  /** A record the stage's handler produced (not a fallback answer). */
  public JournalRecord(
      long seq, RecordKind kind, EventRef parent, EventRef joined, long correlationId, int depth, long timestamp,
      Object payload, byte[] payloadBytes) {
    this(seq, kind, parent, joined, correlationId, depth, timestamp, payload, payloadBytes, false);
  }

  /** The CRC32C of {@link #payloadBytes()}, as contract checksums use it. */
  public int payloadCrc() {
    CRC32C c = new CRC32C();
    c.update(payloadBytes);
    return (int) c.getValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JournalRecord r && seq == r.seq && kind == r.kind && parent.equals(r.parent)
        && joined.equals(r.joined) && correlationId == r.correlationId && depth == r.depth && timestamp == r.timestamp
        && fallback == r.fallback && Objects.equals(payload, r.payload) && Arrays.equals(payloadBytes, r.payloadBytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seq, kind, parent, joined, correlationId, depth, timestamp, fallback) * 31 + Arrays.hashCode(payloadBytes);
  }

  @Override
  public String toString() {
    return "JournalRecord[seq=" + seq + ", kind=" + kind + ", parent=" + parent + ", joined=" + joined + ", correlation="
        + correlationId + ", depth=" + depth + ", timestamp=" + timestamp + ", payload=" + payload + ", "
        + payloadBytes.length + " bytes" + (fallback ? ", fallback" : "") + "]";
  }
}

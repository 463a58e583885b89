package dev.weir.contract;

import dev.weir.event.Checksum;
import java.util.Optional;

/**
 * The reader's side of one edge: it must receive exactly the writer's data events
 * {@code 1..lastSeq}, in order, with the checksum the writer advertises in its end of stream. Every
 * event is checked as it arrives, so a gap, a duplicate or a reordering is caught at once.
 */
public final class TransportContract {

  private final String edge;
  private long expectedSeq = 1;
  private long checksum = Checksum.EMPTY;

  public TransportContract(String edge) {
    this.edge = edge;
  }

  /** The edge, as {@code writer -> reader}. */
  public String edge() {
    return edge;
  }

  /** Data events received so far. */
  public long received() {
    return expectedSeq - 1;
  }

  /**
   * Checks one arriving data event: its seq, and the CRC32C of its payload bytes as its writer journaled them.
   *
   * @return {@code null} when it is the next one in order, else the violation
   */
  public ContractViolation onData(long seq, int payloadCrc) {
    if (seq != expectedSeq) {
      return violationAt(seq);
    }
    expectedSeq = seq + 1;
    checksum = Checksum.mix(checksum, seq, payloadCrc);
    return null;
  }

  private ContractViolation violationAt(long seq) {
    String what = seq < expectedSeq
        ? "duplicate or out-of-order event: expected seq " + expectedSeq + ", got seq " + seq
            + " again (seqs 1.." + (expectedSeq - 1) + " already received)"
        : "gap: expected seq " + expectedSeq + ", got seq " + seq + " (seqs " + expectedSeq + ".." + (seq - 1)
            + " missing or reordered)";
    return new ContractViolation("transport", edge, what);
  }

  /** Checks the writer's end of stream against what arrived. */
  public Optional<ContractViolation> onEnd(long lastSeq, long writerChecksum) {
    long received = expectedSeq - 1;
    if (lastSeq != received) {
      return Optional.of(new ContractViolation("transport", edge,
          "writer's end of stream says last seq " + lastSeq + ", reader received 1.." + received
              + (lastSeq > received ? " (" + (lastSeq - received) + " lost)" : "")));
    }
    if (writerChecksum != checksum) {
      return Optional.of(new ContractViolation("transport", edge,
          "checksum mismatch over seqs 1.." + lastSeq + ": writer " + Long.toHexString(writerChecksum)
              + ", reader " + Long.toHexString(checksum) + " (payload bytes differ from what the writer journaled)"));
    }
    return Optional.empty();
  }

  /** The evidence of a passed check. */
  public String passedEvidence() {
    return "received seqs 1.." + (expectedSeq - 1) + " in order, checksum " + Long.toHexString(checksum);
  }
}

package dev.weir.contract;

import java.util.Optional;

/**
 * A sink's promise: exactly one receipt in its journal per event it consumed, and every event it
 * received either consumed or in its error journal.
 */
public final class DeliveryContract {

  private DeliveryContract() {}

  /**
   * @param sink the sink's name
   * @param received data events the sink read
   * @param consumed events its handler accepted
   * @param failed events sent to its error journal
   * @param receipts receipts found in its journal
   */
  public static Optional<ContractViolation> check(String sink, long received, long consumed, long failed, long receipts) {
    if (receipts != consumed) {
      return Optional.of(new ContractViolation("delivery", sink,
          "consumed " + consumed + " events but journaled " + receipts + " receipts"));
    }
    if (consumed + failed != received) {
      return Optional.of(new ContractViolation("delivery", sink,
          "received " + received + " events but consumed " + consumed + " and dead-lettered " + failed));
    }
    return Optional.empty();
  }

  public static String passedEvidence(long consumed, long failed) {
    return consumed + " receipts for " + consumed + " consumed events (" + failed + " dead-lettered)";
  }
}

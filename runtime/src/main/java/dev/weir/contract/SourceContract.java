package dev.weir.contract;

import java.util.Optional;

/** A source that declares how many events it will emit must write exactly that many. */
public final class SourceContract {

  private SourceContract() {}

  /**
   * @param source the source's name
   * @param expected the count the source declared
   * @param written the data events found in its journal
   */
  public static Optional<ContractViolation> check(String source, long expected, long written) {
    if (expected != written) {
      return Optional.of(new ContractViolation("source", source,
          "declared " + expected + " events, journal holds " + written));
    }
    return Optional.empty();
  }

  public static String passedEvidence(long written) {
    return "wrote the " + written + " events it declared";
  }
}

package dev.weir.contract;

/**
 * A contract that did not hold, with its evidence.
 *
 * @param contract which contract: {@code transport}, {@code delivery} or {@code source}
 * @param subject the edge ({@code a -> b}) or stage it concerns
 * @param evidence what was expected and what was seen
 */
public record ContractViolation(String contract, String subject, String evidence) {

  /** One line for logs, journals and failures. */
  public String describe() {
    return contract + " contract failed on " + subject + ": " + evidence;
  }
}

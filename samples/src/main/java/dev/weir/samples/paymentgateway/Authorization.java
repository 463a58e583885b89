package dev.weir.samples.paymentgateway;

/**
 * What became of a payment: {@code APPROVED} by the gateway, or {@code DEFERRED} by the fallback
 * while the gateway was failing (queued for capture once it is back).
 *
 * @param paymentId the payment's id
 * @param merchant who is paid
 * @param amountCents how much, in cents
 * @param status {@code APPROVED} or {@code DEFERRED}
 */
public record Authorization(long paymentId, String merchant, long amountCents, String status) {

  static final String APPROVED = "APPROVED";
  static final String DEFERRED = "DEFERRED";
}

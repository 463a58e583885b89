package dev.weir.samples.cardcharges;

/**
 * What the bank answered for a payment: the charge it made, which a repeated request with the same
 * idempotency key gets again.
 *
 * @param paymentId the payment's id, the idempotency key
 * @param chargeId the bank's id for the charge, {@code ch-1}, {@code ch-2}, ... in the order it charged
 * @param card the card charged
 * @param amountCents how much, in cents
 */
public record Charge(long paymentId, String chargeId, String card, long amountCents) {}

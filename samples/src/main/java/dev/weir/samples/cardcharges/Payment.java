package dev.weir.samples.cardcharges;

/**
 * A card payment to charge.
 *
 * @param id the payment's number, 0, 1, 2, ...: the bank's idempotency key
 * @param card the card number, masked but for its last four digits
 * @param amountCents how much, in cents; not positive is invalid
 */
public record Payment(long id, String card, long amountCents) {}

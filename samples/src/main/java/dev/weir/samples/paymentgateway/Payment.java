package dev.weir.samples.paymentgateway;

/**
 * A card payment to authorize.
 *
 * @param id the payment's number, 0, 1, 2, ...
 * @param merchant who is paid
 * @param amountCents how much, in cents; not positive is invalid
 */
public record Payment(long id, String merchant, long amountCents) {}

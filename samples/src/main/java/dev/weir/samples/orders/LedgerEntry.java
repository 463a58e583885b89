package dev.weir.samples.orders;

import dev.weir.dsl.EventType;

/**
 * An order's value in US cents, ready for the ledger.
 *
 * @param orderId the order's number
 * @param region where it ships
 * @param channel {@code domestic} or {@code international}
 * @param usdCents its value in US cents
 */
@EventType(name = "ledger.entry", version = 1)
public record LedgerEntry(long orderId, String region, String channel, long usdCents) {}

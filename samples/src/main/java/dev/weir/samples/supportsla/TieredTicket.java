package dev.weir.samples.supportsla;

import dev.weir.dsl.EventType;

/**
 * A ticket with its customer's SLA tier, as the join found it.
 *
 * @param ticket the ticket
 * @param tier its customer's tier
 */
@EventType(name = "support.tiered-ticket", version = 1)
public record TieredTicket(Ticket ticket, SlaTier tier) {}

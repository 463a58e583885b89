package dev.weir.samples.supportsla;

import dev.weir.dsl.EventType;
import java.time.Instant;

/**
 * A ticket measured against its SLA: one row of the output CSV.
 *
 * @param ticket the ticket's id
 * @param customer who opened it
 * @param tier the customer's tier
 * @param priority {@code urgent} or {@code normal}
 * @param openedAt when it was opened
 * @param dueAt when the first response was due
 * @param respondedAt when it came, or null while the ticket is open
 * @param responseMinutes minutes from opening to the first response, or null while open
 * @param status {@code MET}, {@code BREACHED} or {@code OPEN}
 */
@EventType(name = "support.sla-result", version = 1)
public record SlaResult(String ticket, String customer, String tier, String priority, Instant openedAt, Instant dueAt,
    Instant respondedAt, Long responseMinutes, SlaStatus status) {}

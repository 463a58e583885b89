package dev.weir.samples.supportsla;

import dev.weir.dsl.EventType;
import java.time.Instant;

/**
 * One row of {@code tickets.csv}.
 *
 * @param ticket the ticket's id
 * @param customer who opened it
 * @param priority {@code urgent} or {@code normal}
 * @param openedAt when it was opened
 * @param respondedAt when support first answered; null (a blank cell) while nobody has
 */
@EventType(name = "support.ticket", version = 1)
public record Ticket(String ticket, String customer, String priority, Instant openedAt, Instant respondedAt) {}

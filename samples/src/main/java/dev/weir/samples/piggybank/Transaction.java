package dev.weir.samples.piggybank;

import dev.weir.dsl.EventType;

/**
 * A deposit or a withdrawal, as posted to {@code /ingest/transactions/events}:
 * {@code {"account": "ada", "movement": "DEPOSIT", "amountCents": 250, "note": "pocket money"}}.
 *
 * @param account the account it moves money in or out of
 * @param movement {@code DEPOSIT} or {@code WITHDRAWAL}
 * @param amountCents how much, in cents; must be positive
 * @param note what it was for (may be absent)
 */
@EventType(name = "piggybank.transaction", version = 1)
public record Transaction(String account, Movement movement, long amountCents, String note) {}

package dev.weir.samples.piggybank;

import dev.weir.dsl.EventType;

/**
 * A valid transaction with the account it moves money in, as the join found it.
 *
 * @param transaction the transaction
 * @param account its account
 */
@EventType(name = "piggybank.posting", version = 1)
public record Posting(Transaction transaction, Account account) {}

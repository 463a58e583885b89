package dev.weir.samples.piggybank;

import dev.weir.dsl.EventType;

/**
 * One row of {@code accounts.csv}: a piggy bank and what it held when it was opened.
 *
 * @param account the account's id, what transactions name
 * @param owner whose it is
 * @param openingCents its balance before any transaction, in cents
 */
@EventType(name = "piggybank.account", version = 1)
public record Account(String account, String owner, long openingCents) {}

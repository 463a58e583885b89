package dev.weir.samples.piggybank;

import dev.weir.dsl.EventType;

/**
 * An account's balance after its latest transaction: one row of the snapshot table.
 *
 * @param account the account's id
 * @param owner whose it is
 * @param deposits how many deposits it had
 * @param withdrawals how many withdrawals it had
 * @param balanceCents what it holds now, in cents
 */
@EventType(name = "piggybank.balance", version = 1)
public record Balance(String account, String owner, long deposits, long withdrawals, long balanceCents) {

  /** An account before its first transaction. */
  static Balance opened(Account a) {
    return new Balance(a.account(), a.owner(), 0, 0, a.openingCents());
  }

  /** This balance after {@code t}, which the caller checked does not overdraw it. */
  Balance after(Transaction t) {
    return t.movement() == Movement.DEPOSIT
        ? new Balance(account, owner, deposits + 1, withdrawals, balanceCents + t.amountCents())
        : new Balance(account, owner, deposits, withdrawals + 1, balanceCents - t.amountCents());
  }
}

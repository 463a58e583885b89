package dev.weir.samples.piggybank;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the {@code balances} stage: every account's balance, and which account the last
 * transaction changed (emitted once, then cleared).
 */
final class Ledger {

  private final Map<String, Balance> balances = new LinkedHashMap<>();
  private Balance changed;

  /** The balance of {@code account} before this transaction: its latest, or its opening one. */
  Balance current(Account account) {
    return balances.getOrDefault(account.account(), Balance.opened(account));
  }

  /** Records {@code next} as the account's balance, to be emitted. */
  void put(Balance next) {
    balances.put(next.account(), next);
    changed = next;
  }

  /** The balance the last transaction changed, if it was not taken yet; takes it. */
  Optional<Balance> takeChanged() {
    Optional<Balance> b = Optional.ofNullable(changed);
    changed = null;
    return b;
  }
}

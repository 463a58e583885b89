package dev.weir.samples.piggybank;

import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.IngestOptions;
import dev.weir.api.Join;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.samples.SampleData;
import java.util.Locale;
import java.util.Optional;

/**
 * Piggy banks fed over HTTP: deposits and withdrawals are posted to the ingestion endpoint
 * {@code /ingest/transactions/events} (run with {@code --server}), checked, joined live with the
 * accounts, and folded into a balance per account that is emitted after every transaction
 * ({@code EmitPolicy.always()}) and shown as a snapshot table. The accounts are those of {@code
 * accounts.csv} and any opened while the flow runs, posted to {@code /ingest/accounts/events}: the
 * join reads them live, alongside the transactions, so an account can be used once it is opened. A
 * transaction with an amount that is not positive lands in {@code valid}'s error journal, one for
 * an account that is not open in {@code posted}'s, and a withdrawal larger than the balance in
 * {@code balances}'s, each with its reason; an account without an id or owner, or with a negative
 * opening balance, in {@code accounts}'. The flow runs until it is stopped: Ctrl-C, or {@code POST
 * {"action": "stop"}} to {@code /api/flow/control}.
 */
@Flow(name = "piggy_bank", topology = {
    "transactions |> valid |> posted |> balances |> table",
    "accountFile |> accounts",
    "openings |> accounts"
})
public class PiggyBank {

  /** The transactions' ingestion source: its endpoints are {@code /ingest/transactions/events} and {@code /batch}. */
  public static final String INGEST = "transactions";

  /** The account openings' ingestion source: {@code /ingest/accounts/events} and {@code /batch}. */
  public static final String OPENINGS = "accounts";

  @Stage
  Source<Account> accountFile() {
    return Sources.csv(SampleData.file("accounts.csv"), Account.class);
  }

  @Stage
  Source<Account> openings() {
    return Sources.ingest(OPENINGS, Account.class, IngestOptions.defaults());
  }

  /** The accounts of the file and those opened over HTTP, in the order they come; refuses an incomplete one. */
  @Stage
  Transform<Account, Account> accounts() {
    return (a, out) -> {
      if (a.account() == null || a.account().isBlank() || a.owner() == null || a.owner().isBlank()) {
        throw new StageException(ErrorKind.VALIDATION, "account " + a + ": an account needs an id and an owner");
      }
      if (a.openingCents() < 0) {
        throw new StageException(ErrorKind.VALIDATION, "account '" + a.account() + "': a piggy bank cannot open with "
            + money(a.openingCents()));
      }
      out.emit(a);
    };
  }

  @Stage
  Source<Transaction> transactions() {
    return Sources.ingest(INGEST, Transaction.class, IngestOptions.defaults());
  }

  /** Refuses a transaction without an account, without a movement or with an amount that is not positive. */
  @Stage
  Transform<Transaction, Transaction> valid() {
    return (t, out) -> {
      if (t.account() == null || t.account().isBlank()) {
        throw new StageException(ErrorKind.VALIDATION, "transaction " + t + " names no account");
      }
      if (t.movement() == null) {
        throw new StageException(ErrorKind.VALIDATION, "transaction for '" + t.account()
            + "' has no movement: DEPOSIT or WITHDRAWAL");
      }
      if (t.amountCents() <= 0) {
        throw new StageException(ErrorKind.VALIDATION, t.movement().name().toLowerCase(Locale.ROOT)
            + " for '" + t.account() + "': the amount must be positive, got " + t.amountCents() + " cents");
      }
      out.emit(t);
    };
  }

  /**
   * Each transaction with its account, the accounts read live (alongside the transactions, not
   * first: accounts keep being opened, and the ingestion sources never end); a transaction whose
   * account is not open yet is refused.
   */
  @Stage(reference = "accounts")
  Join<Account, Transaction, Posting> posted() {
    return Joins.left(Account::account, Transaction::account, (Optional<Account> a, Transaction t) -> new Posting(t,
        a.orElseThrow(() -> new IllegalArgumentException("no open account '" + t.account() + "' (" + t.movement()
            .name().toLowerCase(Locale.ROOT) + " of " + money(t.amountCents()) + ")")))).live();
  }

  /** The balance of each account, emitted after every transaction; a withdrawal may not overdraw it. */
  @Stage
  Stateful<Posting, ?, Balance> balances() {
    return new Stateful<Posting, Ledger, Balance>() {
      @Override
      public Ledger initial() {
        return new Ledger();
      }

      @Override
      public Ledger accumulate(Ledger ledger, Posting p) throws StageException {
        Balance before = ledger.current(p.account());
        Transaction t = p.transaction();
        if (t.movement() == Movement.WITHDRAWAL && t.amountCents() > before.balanceCents()) {
          throw new StageException(ErrorKind.VALIDATION, "withdrawal of " + money(t.amountCents()) + " from '"
              + before.account() + "' would overdraw its balance of " + money(before.balanceCents()));
        }
        if (t.movement() == Movement.DEPOSIT && t.amountCents() > Long.MAX_VALUE - before.balanceCents()) {
          throw new StageException(ErrorKind.VALIDATION, "deposit of " + money(t.amountCents()) + " into '"
              + before.account() + "' would hold more than a long counts in cents");
        }
        ledger.put(before.after(t));
        return ledger;
      }

      @Override
      public void emit(Ledger ledger, Emitter<Balance> out) {
        ledger.takeChanged().ifPresent(out::emit);
      }

      @Override
      public EmitPolicy policy() {
        return EmitPolicy.always().thenKeep();
      }
    };
  }

  /** The latest balance of every account that had a transaction, redrawn after each batch. */
  @Stage
  Sink<Balance> table() {
    return Sinks.snapshotTable(Balance::account);
  }

  /** Cents as {@code 12.50}. */
  static String money(long cents) {
    return String.format(Locale.ROOT, "%s%d.%02d", cents < 0 ? "-" : "", Math.abs(cents) / 100,
        Math.abs(cents) % 100);
  }
}

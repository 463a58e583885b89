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
import java.util.Optional;

/**
 * Piggy banks fed over HTTP: deposits and withdrawals are posted to the ingestion endpoint
 * {@code /ingest/transactions/events} (run with {@code --server}), checked, joined live with the
 * accounts of {@code accounts.csv}, and folded into a balance per account that is emitted after
 * every transaction ({@code EmitPolicy.always()}) and shown as a snapshot table. A transaction with
 * an amount that is not positive lands in {@code valid}'s error journal, one for an account that
 * does not exist in {@code posted}'s, and a withdrawal larger than the balance in
 * {@code balances}'s, each with its reason. The flow runs until it is stopped: Ctrl-C, or {@code
 * POST {"action": "stop"}} to {@code /api/flow/control}.
 */
@Flow(name = "piggy_bank", topology = {"transactions |> valid |> posted |> balances |> table"})
public class PiggyBank {

  /** The ingestion source's name: its endpoints are {@code /ingest/transactions/events} and {@code /batch}. */
  public static final String INGEST = "transactions";

  @Stage
  Source<Account> accounts() {
    return Sources.csv(SampleData.file("accounts.csv"), Account.class);
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
        throw new StageException(ErrorKind.VALIDATION, t.movement().name().toLowerCase(java.util.Locale.ROOT)
            + " for '" + t.account() + "': the amount must be positive, got " + t.amountCents() + " cents");
      }
      out.emit(t);
    };
  }

  /**
   * Each transaction with its account, the accounts read live (alongside the transactions, not
   * first: the ingestion source never ends); a transaction whose account is not known is refused.
   */
  @Stage(reference = "accounts")
  Join<Account, Transaction, Posting> posted() {
    return Joins.left(Account::account, Transaction::account, (Optional<Account> a, Transaction t) -> new Posting(t,
        a.orElseThrow(() -> new IllegalArgumentException("no account '" + t.account() + "' (" + t.movement()
            .name().toLowerCase(java.util.Locale.ROOT) + " of " + money(t.amountCents()) + ")")))).live();
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
    return String.format(java.util.Locale.ROOT, "%s%d.%02d", cents < 0 ? "-" : "", Math.abs(cents) / 100,
        Math.abs(cents) % 100);
  }
}

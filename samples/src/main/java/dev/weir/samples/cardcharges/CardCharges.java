package dev.weir.samples.cardcharges;

import dev.weir.api.AsyncTransform;
import dev.weir.api.Effect;
import dev.weir.api.KeyedSink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.flow.FlowSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Charges cards at an in-process {@link Bank} and writes a receipt per charge: the flow that the
 * {@code card-charges} sample kills mid-run and resumes ({@link CardChargesDemo}). {@code charge} is
 * an {@link Effect}: on a resume the runtime does not call it again for a payment whose answer it
 * journaled, and calls it again (at least once) for one it had called without journaling the answer;
 * the bank's idempotency key (the payment id) makes that second call answer with the first charge.
 * {@code receipts} is a {@link KeyedSink} that skips what its file already holds. Invalid payments
 * (no amount) are dead-lettered as {@code VALIDATION} before the bank is called.
 *
 * <p>Settings: {@value #BANK_DIR} (default {@value #DEFAULT_BANK_DIR}), {@value #RECEIPTS} (default
 * {@value #DEFAULT_RECEIPTS}), {@value #PAYMENTS} (default {@value #DEFAULT_PAYMENTS}),
 * {@value #LATENCY} (default 5ms) and {@value #PROGRESS} (default 0: none).
 */
@Flow(name = "card_charges", topology = {"payments |> charge |> receipts"})
public class CardCharges {

  /** The setting that names the bank's directory, where its ledger is. */
  public static final String BANK_DIR = "card-charges.bank-dir";
  /** The bank's directory by default. */
  public static final String DEFAULT_BANK_DIR = "weir-runs/card-charges-bank";
  /** The setting that names the receipts file. */
  public static final String RECEIPTS = "card-charges.receipts";
  /** The receipts file by default. */
  public static final String DEFAULT_RECEIPTS = "weir-runs/card-charges-receipts.csv";
  /** The setting that says how many payments the source emits. */
  public static final String PAYMENTS = "card-charges.payments";
  /** How many payments by default. */
  public static final int DEFAULT_PAYMENTS = 2_000;
  /** The setting that gives the bank's latency per request. */
  public static final String LATENCY = "card-charges.bank-latency";
  /** The setting that makes the bank print {@code bank: N charges} after every N charges. */
  public static final String PROGRESS = "card-charges.progress-every";

  private static final String[] CARDS = {"**** 4242", "**** 1881", "**** 0005", "**** 3157", "**** 7720"};

  private final Bank bank;
  private final Path receipts;
  private final int payments;

  /** Reads the settings and opens the bank's ledger. */
  public CardCharges(FlowSettings settings) {
    this.payments = settings.getInt(PAYMENTS, DEFAULT_PAYMENTS);
    if (payments < 0) {
      throw new IllegalArgumentException("setting '" + PAYMENTS + "' = " + payments + ": give 0 or more");
    }
    this.bank = new Bank(settings.getPath(BANK_DIR, Path.of(DEFAULT_BANK_DIR)),
        settings.getDuration(LATENCY, Duration.ofMillis(5)), settings.getInt(PROGRESS, 0), System.out);
    this.receipts = settings.getPath(RECEIPTS, Path.of(DEFAULT_RECEIPTS));
  }

  /** Whether payment {@code id} is invalid (no amount): every 97th, from 13 on. */
  static boolean invalid(long id) {
    return id % 97 == 13;
  }

  /** Payment {@code id}, the same in every run. */
  static Payment payment(long id) {
    return new Payment(id, CARDS[(int) (id % CARDS.length)], invalid(id) ? 0 : 100 + (id * 37) % 9_900);
  }

  @Stage
  Source<Payment> payments() {
    return Sources.range(payments, CardCharges::payment);
  }

  @Stage
  AsyncTransform<Payment, Charge> charge() {
    return new ChargeCard(bank);
  }

  @Stage
  KeyedSink<Charge> receipts() {
    return new Receipts(receipts);
  }
}

package dev.weir.samples.cardcharges;

import dev.weir.api.AsyncTransform;
import dev.weir.api.Effect;
import dev.weir.api.ErrorKind;
import dev.weir.api.StageException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code charge} stage: the call out to the bank, an {@link Effect}, each payment's id its
 * idempotency key; a payment without an amount is a {@code VALIDATION} dead letter, the bank not called.
 */
final class ChargeCard implements AsyncTransform<Payment, Charge>, Effect {

  private final Bank bank;

  ChargeCard(Bank bank) {
    this.bank = bank;
  }

  @Override
  public CompletionStage<Charge> apply(Payment p) {
    if (p.amountCents() <= 0) {
      return CompletableFuture.failedFuture(new StageException(ErrorKind.VALIDATION,
          "payment " + p.id() + " has no amount"));
    }
    return bank.charge(p);
  }

  @Override
  public int maxInFlight() {
    return 16;
  }
}

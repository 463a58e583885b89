package dev.weir.samples.piggybank;

/** Which way a transaction moves money: into the piggy bank or out of it. */
public enum Movement {
  /** Money put in. */
  DEPOSIT,
  /** Money taken out; never more than the balance. */
  WITHDRAWAL
}

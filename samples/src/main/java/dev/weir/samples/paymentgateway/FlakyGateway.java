package dev.weir.samples.paymentgateway;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An in-process payment gateway that fails like a remote one: some calls time out (seeded, so a
 * payment's n-th call fails or not the same way in every run), and during an outage window (the
 * payments {@link #OUTAGE_FROM} to {@link #OUTAGE_TO}) every call fails. Called from one stage
 * thread.
 */
final class FlakyGateway {

  /** The seed of the transient failures. */
  static final long SEED = 42;
  /** Percent of calls that fail transiently outside the outage. */
  static final int FAILURE_PERCENT = 10;
  /** The first payment of the outage window. */
  static final long OUTAGE_FROM = 200;
  /** The first payment after the outage window. */
  static final long OUTAGE_TO = 320;

  private final Map<Long, Integer> calls = new HashMap<>();

  /** Authorizes {@code p}, or throws as a failing remote gateway does. */
  Authorization authorize(Payment p) throws IOException {
    int call = calls.merge(p.id(), 1, Integer::sum);
    if (inOutage(p.id())) {
      throw new IOException("gateway unavailable (outage) for payment " + p.id());
    }
    if (failsTransiently(p.id(), call)) {
      throw new IOException("gateway timed out on call " + call + " for payment " + p.id());
    }
    return new Authorization(p.id(), p.merchant(), p.amountCents(), Authorization.APPROVED);
  }

  static boolean inOutage(long paymentId) {
    return paymentId >= OUTAGE_FROM && paymentId < OUTAGE_TO;
  }

  /** Whether the {@code call}-th call (1-based) for a payment fails transiently outside the outage. */
  static boolean failsTransiently(long paymentId, int call) {
    return new SplittableRandom(SEED * 1_000_003L + paymentId * 31 + call).nextInt(100) < FAILURE_PERCENT;
  }
}

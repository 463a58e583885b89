package dev.weir.samples.paymentgateway;

import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.dsl.CircuitBreaker;
import dev.weir.dsl.Flow;
import dev.weir.dsl.RateLimit;
import dev.weir.dsl.Retry;
import dev.weir.dsl.Stage;

/**
 * Authorizes card payments against a flaky gateway ({@link FlakyGateway}: seeded timeouts and an
 * outage window). Every call that fails transiently is retried with exponential backoff (the flow's
 * {@code @Retry}); the gateway's circuit breaker opens when half of its last 20 calls failed, and
 * while it is open (and for a payment whose last retry failed) the typed fallback
 * {@link #deferred} answers: the payment is queued for later capture, marked as a fallback in the
 * journal. Invalid payments are dead-lettered as {@code VALIDATION}: never retried, and they do
 * not open the breaker. The source is paced by a rate limit.
 */
@Flow(name = "payment_gateway", topology = {"payments |> authorize |> settle"})
@Retry(maxAttempts = 3, initialDelay = "2ms", multiplier = 2.0, maxDelay = "20ms", jitter = 0.1)
public class PaymentGateway {

  /** How many payments the source emits. */
  static final int PAYMENTS = 600;

  private static final String[] MERCHANTS = {"bakery", "books", "cinema", "grocer", "pharmacy"};

  private final FlakyGateway gateway = new FlakyGateway();

  /** Whether payment {@code id} is invalid (a zero amount): every 97th, from 13 on. */
  static boolean invalid(long id) {
    return id % 97 == 13;
  }

  static Payment payment(long id) {
    return new Payment(id, MERCHANTS[(int) (id % MERCHANTS.length)], invalid(id) ? 0 : 500 + (id * 37) % 9_500);
  }

  @Stage
  @RateLimit(perSecond = 500, burst = 10)
  Source<Payment> payments() {
    return Sources.range(PAYMENTS, PaymentGateway::payment);
  }

  @Stage
  @CircuitBreaker(failureRateThreshold = 50, slidingWindowSize = 20, minimumCalls = 10, waitInOpen = "50ms",
      halfOpenCalls = 3, fallback = "deferred")
  Transform<Payment, Authorization> authorize() {
    return (p, out) -> out.emit(gateway.authorize(requireAmount(p)));
  }

  /**
   * While the gateway's breaker is open, and for a payment whose last retry failed: queue the
   * payment for capture later. It refuses an invalid payment as the handler does.
   */
  Authorization deferred(Payment p) {
    requireAmount(p);
    return new Authorization(p.id(), p.merchant(), p.amountCents(), Authorization.DEFERRED);
  }

  /** Bad data, not a gateway failure: {@code VALIDATION} is never retried and does not count against the breaker. */
  private static Payment requireAmount(Payment p) {
    if (p.amountCents() <= 0) {
      throw new IllegalArgumentException("payment " + p.id() + " has no amount");
    }
    return p;
  }

  @Stage
  Sink<Authorization> settle() {
    return a -> { };
  }
}

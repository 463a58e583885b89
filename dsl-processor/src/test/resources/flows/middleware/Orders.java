package flows.middleware;

import dev.weir.api.*;
import dev.weir.dsl.*;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

@Flow(topology = {"orders |> quote |> confirm |> log"})
@Retry(maxAttempts = 4, initialDelay = "50ms", maxDelay = "2s")
@CircuitBreaker(failureRateThreshold = 25, slidingWindowSize = 40, minimumCalls = 8, waitInOpen = "1m",
    halfOpenCalls = 2, slowCallDuration = "1.5s", slowCallRateThreshold = 80, fallback = "cachedQuote")
@RateLimit(perSecond = 7.5)
@Timeout("2s")
public class Orders {
  public record Order(String id, int quantity) {}
  public record Quote(String id, double price) {}

  private final List<Quote> deferred = new ArrayList<>();

  @RateLimit(perSecond = 100, burst = 10)
  @Stage Source<Order> orders() { return Sources.of(new Order("o1", 2), new Order("o2", 5)); }

  @Retry(maxAttempts = 6, initialDelay = "250us", multiplier = 1.5, maxDelay = "PT0.5S", jitter = 0)
  @Stage Transform<Order, Quote> quote() { return Transforms.map(o -> new Quote(o.id(), o.quantity() * 1.25)); }

  @CircuitBreaker(onOpen = OnOpen.WAIT)
  @Timeout("100ms")
  @Stage AsyncTransform<Quote, Quote> confirm() { return q -> CompletableFuture.completedFuture(q); }

  @Stage Sink<Quote> log() { return Sinks.discard(); }

  /** The quote's fallback: a cached price. */
  Quote cachedQuote(Order in) { return new Quote(in.id(), 9.99); }

  /** The log's fallback: keep the quote for later. */
  void cachedQuote(Quote in) { deferred.add(in); }

  public List<Quote> deferred() { return deferred; }
}

package dev.weir.processor;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.weir.dsl.OnOpen;
import dev.weir.flow.CircuitBreakerPolicy;
import dev.weir.flow.Fallback;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.Middleware;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.MiddlewareOrigin;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.TimeoutPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated definition carries each stage's resolved middleware stack; its fallbacks call the flow's methods. */
class MiddlewareGenerationTest {

  private static final Fallback ANY = (flow, in) -> null;

  private static Compilation ordersCompilation;
  private static CompiledClasses orders;

  @BeforeAll
  static void compileOrders() {
    ordersCompilation = Expect.compiles("middleware/Orders.java", "flows.middleware.OrdersFlow");
    orders = new CompiledClasses(ordersCompilation);
  }

  @Test
  void stacks_listTheResolvedPoliciesWithTheirValuesAndOrigins() throws Exception {
    FlowDefinition d = orders.definition("flows.middleware.OrdersFlow");
    RetryPolicy flowRetry = new RetryPolicy(4, ofMillis(50), 2.0, ofSeconds(2), 0.1);
    CircuitBreakerPolicy flowBreaker = new CircuitBreakerPolicy(25, 40, 8, ofMinutes(1), 2,
        Optional.of(ofMillis(1500)), 80, Optional.of("cachedQuote"), Optional.of(ANY), OnOpen.DEAD_LETTER);
    RateLimitPolicy flowRate = new RateLimitPolicy(7.5, 8);
    TimeoutPolicy flowTimeout = new TimeoutPolicy(ofSeconds(2));

    assertStack(d, "orders",
        MiddlewareEntry.flow(flowRetry),
        MiddlewareEntry.stage(new RateLimitPolicy(100, 10)));
    assertStack(d, "quote",
        MiddlewareEntry.stage(new RetryPolicy(6, ofNanos(250_000), 1.5, ofMillis(500), 0.0)),
        MiddlewareEntry.flow(flowBreaker),
        MiddlewareEntry.flow(flowRate),
        MiddlewareEntry.flow(flowTimeout));
    assertStack(d, "confirm",
        MiddlewareEntry.flow(flowRetry),
        MiddlewareEntry.stage(new CircuitBreakerPolicy(50, 20, 10, ofSeconds(30), 3, Optional.empty(), 100,
            Optional.empty(), Optional.empty(), OnOpen.WAIT)),
        MiddlewareEntry.flow(flowRate),
        MiddlewareEntry.stage(new TimeoutPolicy(ofMillis(100))));
    assertStack(d, "log",
        MiddlewareEntry.flow(flowRetry),
        MiddlewareEntry.flow(flowBreaker),
        MiddlewareEntry.flow(flowRate),
        MiddlewareEntry.flow(flowTimeout));
  }

  @Test
  void fallback_callsTheFlowClassMethodOnTheRunsFlowObject() throws Exception {
    FlowDefinition d = orders.definition("flows.middleware.OrdersFlow");
    Object flow = d.newFlowInstance();
    Object other = d.newFlowInstance();
    Class<?> orderType = orders.loadClass("flows.middleware.Orders$Order");
    Class<?> quoteType = orders.loadClass("flows.middleware.Orders$Quote");

    Object order = orderType.getConstructor(String.class, int.class).newInstance("o7", 3);
    Object quote = fallback(d, "quote").apply(flow, order);
    assertThat(quote).isInstanceOf(quoteType);
    assertThat(quote.toString()).isEqualTo("Quote[id=o7, price=9.99]");

    Object logged = quoteType.getConstructor(String.class, double.class).newInstance("o8", 1.0);
    assertThat(fallback(d, "log").apply(flow, logged)).isNull();
    assertThat(deferred(flow)).containsExactly(logged);
    assertThat(deferred(other)).isEmpty();
  }

  @Test
  void generatedFallback_isALambdaThatCastsAndCalls_noReflection() {
    String source = Expect.source(ordersCompilation, "flows.middleware.OrdersFlow");
    assertThat(source)
        .contains("Optional.<Fallback>of((flow, in) -> ((Orders) flow).cachedQuote((Orders.Order) in))")
        .contains("((Orders) flow).cachedQuote((Orders.Quote) in);")
        .contains(".middleware(\"orders\",\n"
            + "            MiddlewareEntry.flow(new RetryPolicy(4, Duration.ofMillis(50), 2.0, Duration.ofSeconds(2), 0.1)),\n"
            + "            MiddlewareEntry.stage(new RateLimitPolicy(100.0, 10)))\n")
        .doesNotContain("reflect").doesNotContain("getMethod").doesNotContain("SuppressWarnings");
  }

  @Test
  void flowDefaults_skipKindsTheyDoNotFit() throws Exception {
    FlowDefinition d = new CompiledClasses(
        Expect.compiles("middleware/DefaultsSkipKinds.java", "flows.middleware.DefaultsSkipKindsFlow"))
        .definition("flows.middleware.DefaultsSkipKindsFlow");
    MiddlewareEntry retry = MiddlewareEntry.flow(new RetryPolicy(3, ofMillis(100), 2.0, ofSeconds(5), 0.1));
    MiddlewareEntry breaker = MiddlewareEntry.flow(new CircuitBreakerPolicy(50, 20, 10, ofSeconds(30), 3,
        Optional.empty(), 100, Optional.empty(), Optional.empty(), OnOpen.DEAD_LETTER));
    MiddlewareEntry rate = MiddlewareEntry.flow(new RateLimitPolicy(50, 5));
    MiddlewareEntry timeout = MiddlewareEntry.flow(new TimeoutPolicy(ofSeconds(1)));
    for (String source : List.of("names", "numbers")) {
      assertThat(d.middleware(source)).as(source).containsExactly(retry, rate);
    }
    for (String stage : List.of("upper", "later", "printed")) {
      assertThat(d.middleware(stage)).as(stage).containsExactly(retry, breaker, rate, timeout);
    }
    for (String stage : List.of("named", "counted")) {
      assertThat(d.middleware(stage)).as(stage).containsExactly(rate);
    }
  }

  @Test
  void valuesAtTheLimits_andEveryDurationForm_reachThePolicies() throws Exception {
    Compilation c = Expect.compiles("middleware/ValuesAtTheLimits.java", "flows.middleware.ValuesAtTheLimitsFlow");
    FlowDefinition d = new CompiledClasses(c).definition("flows.middleware.ValuesAtTheLimitsFlow");
    MiddlewareEntry flowRate = MiddlewareEntry.flow(new RateLimitPolicy(0.5, 1));
    assertThat(d.middleware("numbers")).containsExactly(
        MiddlewareEntry.stage(new RetryPolicy(1, ZERO, 1.0, ZERO, 1.0)),
        MiddlewareEntry.stage(new RateLimitPolicy(2.2, 3)));
    assertThat(d.middleware("a")).containsExactly(
        MiddlewareEntry.stage(new RetryPolicy(3, ofMillis(1500), 2.0, ofMillis(1500), 0.0)),
        MiddlewareEntry.stage(new CircuitBreakerPolicy(100, 1, 1, ofNanos(1), 1, Optional.of(ofNanos(1)), 0.001,
            Optional.empty(), Optional.empty(), OnOpen.FAIL_FLOW)),
        flowRate,
        MiddlewareEntry.stage(new TimeoutPolicy(ofSeconds(2))));
    assertThat(d.middleware("b")).containsExactly(
        MiddlewareEntry.stage(new RetryPolicy(3, ofMinutes(2), 2.0, ofHours(36), 0.1)),
        MiddlewareEntry.stage(new CircuitBreakerPolicy(50, 20, 10, ofNanos(250_000), 3,
            Optional.of(ofNanos(250_000)), 100, Optional.empty(), Optional.empty(), OnOpen.DEAD_LETTER)),
        flowRate,
        MiddlewareEntry.stage(new TimeoutPolicy(ofHours(1))));
    assertThat(d.middleware("printed")).containsExactly(flowRate);
    assertThat(Expect.source(c, "flows.middleware.ValuesAtTheLimitsFlow"))
        .contains("new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 1.0)")
        .contains("Duration.ofMillis(1500)").contains("Duration.ofNanos(250000)").contains("Duration.ofNanos(1)")
        .contains("Duration.ofMinutes(2)").contains("Duration.ofHours(36)").contains("Duration.ofHours(1)");
  }

  @Test
  void fallbackShapes_overloadsSupertypesInheritedAndAsync_callTheRightMethod() throws Exception {
    CompiledClasses classes = new CompiledClasses(
        Expect.compiles("middleware/FallbackShapes.java", "flows.middleware.FallbackShapesFlow"));
    FlowDefinition d = classes.definition("flows.middleware.FallbackShapesFlow");
    Object flow = d.newFlowInstance();
    assertThat(fallback(d, "priced").apply(flow, 5)).isEqualTo("cached 5");
    assertThat(fallback(d, "later").apply(flow, 6)).as("an async fallback answers with the output itself")
        .isEqualTo("cached 6");
    assertThat(fallback(d, "widened").apply(flow, 7)).isEqualTo("number 7");
    assertThat(fallback(d, "joined").apply(flow, List.of("a", "b"))).isEqualTo("a");
    assertThat(fallback(d, "inheriting").apply(flow, 8)).isEqualTo("inherited 8");
    assertThat(fallback(d, "unboxed").apply(flow, 9)).isEqualTo("int 9");
    assertThat(fallback(d, "printed").apply(flow, "p")).isNull();
    assertThat(fallback(d, "chars").apply(flow, "c")).isNull();
    assertThat(flow.getClass().getField("seen").get(flow)).isEqualTo(List.of("p", "chars c"));
    CircuitBreakerPolicy listed = breaker(d, "listed");
    assertThat(listed.fallback()).isEmpty();
    assertThat(listed.fallbackMethod()).isEmpty();
    assertThat(listed.onOpen()).isEqualTo(OnOpen.DEAD_LETTER);
    assertThat(d.middleware("numbers")).isEmpty();
  }

  /** Compares entries whole, except a fallback's lambda, which is compared by the method it names. */
  private static void assertStack(FlowDefinition d, String stage, MiddlewareEntry... expected) {
    List<MiddlewareEntry> actual = d.middleware(stage);
    assertThat(actual).as(stage).extracting(MiddlewareEntry::origin)
        .containsExactly(List.of(expected).stream().map(MiddlewareEntry::origin).toArray(MiddlewareOrigin[]::new));
    assertThat(actual).as(stage).extracting(Object::toString)
        .containsExactly(List.of(expected).stream().map(Object::toString).toArray(String[]::new));
    for (int i = 0; i < expected.length; i++) {
      Middleware want = expected[i].policy();
      Middleware got = actual.get(i).policy();
      if (want instanceof CircuitBreakerPolicy w && got instanceof CircuitBreakerPolicy g) {
        assertThat(g.fallback().isPresent()).as(stage).isEqualTo(w.fallback().isPresent());
        assertThat(List.of(g.failureRateThreshold(), g.slidingWindowSize(), g.minimumCalls(), g.waitInOpen(),
            g.halfOpenCalls(), g.slowCallDuration(), g.slowCallRateThreshold(), g.fallbackMethod(), g.onOpen()))
            .as(stage).isEqualTo(List.of(w.failureRateThreshold(), w.slidingWindowSize(), w.minimumCalls(),
                w.waitInOpen(), w.halfOpenCalls(), w.slowCallDuration(), w.slowCallRateThreshold(),
                w.fallbackMethod(), w.onOpen()));
      } else {
        assertThat(got).as(stage).isEqualTo(want);
      }
    }
  }

  private static CircuitBreakerPolicy breaker(FlowDefinition d, String stage) {
    return d.middleware(stage).stream().map(MiddlewareEntry::policy).filter(CircuitBreakerPolicy.class::isInstance)
        .map(CircuitBreakerPolicy.class::cast).findFirst().orElseThrow();
  }

  private static Fallback fallback(FlowDefinition d, String stage) {
    return breaker(d, stage).fallback().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> deferred(Object flow) throws ReflectiveOperationException {
    return (List<Object>) flow.getClass().getMethod("deferred").invoke(flow);
  }
}

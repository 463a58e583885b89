package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StopMode;
import dev.weir.event.RawInput;
import dev.weir.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Sources#httpPull} and {@link Sources#httpPoll} in real flows, against a JDK HTTP server on 127.0.0.1. */
class HttpSourceTest {

  public record Order(String id, int qty) {}

  /** One request as the server saw it. */
  record Seen(String uri, String ifNoneMatch, long nanos) {}

  /** What a handler answers: status, headers (name, value pairs) and body. */
  record Answer(int status, List<String> headers, String body) {
    static Answer ok(String body, String... headers) {
      return new Answer(200, List.of(headers), body);
    }
  }

  /** Answers each request with the next answer of the script; the last one repeats. */
  interface Script {
    Answer answer(int index, HttpExchange ex);
  }

  private HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI serve(String path, Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger n = new AtomicInteger();
    server.createContext(path, ex -> {
      try (ex) {
        seen.add(new Seen(ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("If-None-Match"), System.nanoTime()));
        Answer a = script.answer(n.getAndIncrement(), ex);
        for (int i = 0; i < a.headers().size(); i += 2) {
          ex.getResponseHeaders().add(a.headers().get(i), a.headers().get(i + 1));
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), a.status() == 304 || body.length == 0 ? -1 : body.length);
        if (a.status() != 304 && body.length > 0) {
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        }
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static FlowDefinition flow(Source<Order> source, List<Order> got, MiddlewareEntry... middleware) {
    FlowDefinition.Draft d = FlowDefinition.define("http_test")
        .stage(StageDefinition.source("source", ElementType.of(Order.class), f -> source))
        .stage(StageDefinition.sink("sink", ElementType.of(Order.class), f -> Sinks.collect(got)))
        .chain("source", "sink");
    if (middleware.length > 0) {
      d.middleware("source", middleware);
    }
    return d.build();
  }

  private static MiddlewareEntry retry(int attempts) {
    return MiddlewareEntry.stage(new RetryPolicy(attempts, Duration.ofMillis(1), 1.0, Duration.ofMillis(1), 0));
  }

  private static ConnectorFlows.Outcome run(FlowDefinition def) throws InterruptedException {
    return ConnectorFlows.await(def.builder().journals(Journals.memory()).start());
  }

  private static String page(String items, String next) {
    return "{\"items\": [" + items + "], \"next\": " + (next == null ? "null" : "\"" + next + "\"") + "}";
  }

  @Test
  void pull_followsTheCursorUntilAPageHasNone() throws Exception {
    URI url = serve("/orders", (i, ex) -> switch (ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery()) {
      case "" -> Answer.ok(page("{\"id\": \"a\", \"qty\": 1}, {\"id\": \"b\", \"qty\": 2}", "/orders?page=2"));
      case "page=2" -> Answer.ok(page("{\"id\": \"c\", \"qty\": 3}", "orders?page=3")); // relative to the page
      case "page=3" -> Answer.ok(page("{\"id\": \"d\", \"qty\": 4}", null));
      default -> new Answer(500, List.of(), "unexpected " + ex.getRequestURI());
    });
    List<Order> got = new ArrayList<>();
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonPage(Order.class, "items", "next")), got));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(o.sourceErrors()).isEmpty();
    assertThat(got).containsExactly(new Order("a", 1), new Order("b", 2), new Order("c", 3), new Order("d", 4));
    assertThat(seen).extracting(Seen::uri).containsExactly("/orders", "/orders?page=2", "/orders?page=3");
  }

  @Test
  void pull_cursorParameter_isSetOnTheFirstUrl() throws Exception {
    URI url = serve("/list", (i, ex) -> i == 0
        ? Answer.ok(page("{\"id\": \"a\", \"qty\": 1}", "next token/1"))
        : Answer.ok(page("{\"id\": \"b\", \"qty\": 2}", "")));
    List<Order> got = new ArrayList<>();
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(URI.create(url + "?limit=2&cursor=old"),
        HttpDecoder.jsonPage(Order.class, "items", "next"), HttpSourceOptions.defaults().cursorParameter("cursor")), got));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(new Order("a", 1), new Order("b", 2));
    assertThat(seen).extracting(Seen::uri).containsExactly("/list?limit=2&cursor=old", "/list?limit=2&cursor=next+token%2F1");
  }

  @Test
  void retry_503WithRetryAfterSeconds_waitsAtLeastThatLong_thenGetsTheSamePage() throws Exception {
    URI url = serve("/orders", (i, ex) -> switch (i) {
      case 0 -> Answer.ok(page("{\"id\": \"a\", \"qty\": 1}", "/orders?page=2"));
      case 1 -> new Answer(503, List.of("Retry-After", "1"), "busy");
      default -> Answer.ok(page("{\"id\": \"b\", \"qty\": 2}", null));
    });
    List<Order> got = new ArrayList<>();
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonPage(Order.class, "items", "next")), got, retry(3)));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(o.sourceErrors()).isEmpty();
    assertThat(got).containsExactly(new Order("a", 1), new Order("b", 2));
    assertThat(seen).extracting(Seen::uri).containsExactly("/orders", "/orders?page=2", "/orders?page=2");
    assertThat(o.result().stage("source").retries()).isEqualTo(1);
    assertThat(seen.get(2).nanos() - seen.get(1).nanos()).as("waited the Retry-After").isGreaterThanOrEqualTo(1_000_000_000L);
  }

  @Test
  void retry_429WithRetryAfterAsAnHttpDate_waitsUntilThen() throws Exception {
    URI url = serve("/orders", (i, ex) -> i == 0
        ? new Answer(429, List.of("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().plusSeconds(3).atOffset(ZoneOffset.UTC))), "slow down")
        : Answer.ok(page("{\"id\": \"a\", \"qty\": 1}", null)));
    List<Order> got = new ArrayList<>();
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonPage(Order.class, "items", "next")), got, retry(2)));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(new Order("a", 1));
    assertThat(seen).hasSize(2);
    // the date has whole seconds: now + 3 s cut to the second is at least 2 s away
    assertThat(seen.get(1).nanos() - seen.get(0).nanos()).isGreaterThanOrEqualTo(1_500_000_000L);
  }

  @Test
  void a5xxWithoutRetry_failsTheFlow_namingUrlAndStatus() throws Exception {
    URI url = serve("/orders", (i, ex) -> new Answer(500, List.of(), "database down"));
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonArray(Order.class)), new ArrayList<>()));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(o.result().failure().orElseThrow().getMessage())
        .contains("GET " + url + ": HTTP 500: database down");
    assertThat(seen).hasSize(1);
  }

  @Test
  void retriesSpent_failTheFlow_namingTheAttempts() throws Exception {
    URI url = serve("/orders", (i, ex) -> new Answer(502, List.of(), "bad gateway"));
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonArray(Order.class)), new ArrayList<>(), retry(3)));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(o.result().failure().orElseThrow().getMessage())
        .contains("gave up after 3 attempts").contains("HTTP 502: bad gateway");
    assertThat(seen).hasSize(3);
  }

  @Test
  void a4xx_isADeadLetterWithUrlAndStatus_andEndsThePaging() throws Exception {
    URI url = serve("/orders", (i, ex) -> switch (i) {
      case 0 -> Answer.ok(page("{\"id\": \"a\", \"qty\": 1}", "/orders?page=2"));
      case 1 -> new Answer(404, List.of(), "{\"error\": \"no page 2\"}");
      default -> Answer.ok(page("{\"id\": \"never\", \"qty\": 9}", null));
    });
    List<Order> got = new ArrayList<>();
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonPage(Order.class, "items", "next")), got, retry(3)));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(o.result().completedWithErrors()).isTrue();
    assertThat(got).containsExactly(new Order("a", 1));
    assertThat(seen).hasSize(2); // a 4xx is not retried, and there is no cursor to go on with
    assertThat(o.sourceErrors()).hasSize(1);
    DeadLetter d = o.sourceErrors().get(0);
    assertThat(d.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(d.message()).isEqualTo("GET " + url + "?page=2: HTTP 404 (fatal for this request): {\"error\": \"no page 2\"};"
        + " paging stops here (no next cursor)");
    assertThat(((RawInput) d.input()).text()).isEqualTo("{\"error\": \"no page 2\"}");
  }

  @Test
  void aMalformedBody_isADeserializationDeadLetter() throws Exception {
    URI url = serve("/orders", (i, ex) -> Answer.ok("[{\"id\": \"a\", \"qty\": \"many\"}]"));
    List<Order> got = new ArrayList<>();
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonArray(Order.class)), got));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).isEmpty();
    DeadLetter d = o.sourceErrors().get(0);
    assertThat(d.kind()).isEqualTo(ErrorKind.DESERIALIZATION);
    assertThat(d.message()).startsWith("GET " + url + ": HTTP 200: the body cannot be decoded: item 0 cannot be read as Order:")
        .contains("Cannot deserialize value of type `int` from String \"many\"");
    assertThat(((RawInput) d.input()).text()).isEqualTo("[{\"id\": \"a\", \"qty\": \"many\"}]");
  }

  @Test
  void aBodyThatIsNotJson_isADeserializationDeadLetter() throws Exception {
    URI url = serve("/orders", (i, ex) -> Answer.ok("<html>oops</html>"));
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonArray(Order.class)), new ArrayList<>()));

    assertThat(o.sourceErrors()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(ErrorKind.DESERIALIZATION);
      assertThat(d.message()).startsWith("GET " + url + ": HTTP 200: the body cannot be decoded: Unexpected character ('<'");
      assertThat(((RawInput) d.input()).text()).isEqualTo("<html>oops</html>");
    });
  }

  @Test
  void connectionRefused_isRetried_thenFailsTheFlowNamingTheUrl() throws Exception {
    URI url = serve("/orders", (i, ex) -> Answer.ok("[]"));
    server.stop(0); // the port was ours a moment ago: nothing listens there now
    server = null;
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonArray(Order.class)), new ArrayList<>(), retry(2)));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(o.result().failure().orElseThrow().getMessage())
        .contains("gave up after 2 attempts").contains("GET " + url + ": cannot connect (refused or unreachable): ConnectException");
    assertThat(o.result().stage("source").retries()).isEqualTo(1);
  }

  @Test
  void poll_asksConditionally_304IsNothingNew_a4xxIsADeadLetterAndPollingGoesOn() throws Exception {
    URI url = serve("/feed", (i, ex) -> switch (i) {
      case 0 -> Answer.ok("[{\"id\": \"a\", \"qty\": 1}, {\"id\": \"b\", \"qty\": 2}]", "ETag", "\"v1\"");
      case 1 -> new Answer(304, List.of(), "");
      case 2 -> new Answer(403, List.of(), "token expired");
      case 3 -> Answer.ok("[{\"id\": \"c\", \"qty\": 3}]", "ETag", "\"v2\"");
      default -> "\"v2\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))
          ? new Answer(304, List.of(), "") : Answer.ok("[{\"id\": \"wrong\", \"qty\": 0}]");
    });
    List<Order> got = Collections.synchronizedList(new ArrayList<>());
    Duration interval = Duration.ofMillis(250);
    FlowHandle h = flow(Sources.httpPoll(url, interval, HttpDecoder.jsonArray(Order.class)), got)
        .builder().journals(Journals.memory()).start();
    Await.until("six polls", () -> seen.size() >= 6);
    h.stop(StopMode.GRACEFUL);
    ConnectorFlows.Outcome o = ConnectorFlows.await(h);

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(new Order("a", 1), new Order("b", 2), new Order("c", 3));
    assertThat(seen.subList(0, 5)).extracting(Seen::ifNoneMatch).containsExactly(null, "\"v1\"", "\"v1\"", "\"v1\"", "\"v2\"");
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i).nanos() - seen.get(i - 1).nanos()).as("poll %d after its interval", i)
          .isGreaterThanOrEqualTo(interval.toNanos() - 100_000_000L); // stamped on arrival: leave room for a slow delivery
    }
    assertThat(o.sourceErrors()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(d.message()).isEqualTo("GET " + url + ": HTTP 403 (fatal for this request): token expired; polling goes on");
    });
  }

  @Test
  void rateLimit_pacesTheItems_soThePagesAreFetchedNoFasterThanTheyAreEmitted() throws Exception {
    URI url = serve("/orders", (i, ex) -> Answer.ok(page("{\"id\": \"" + i + "a\", \"qty\": 1}, {\"id\": \"" + i
        + "b\", \"qty\": 2}", i < 2 ? "/orders?page=" + (i + 2) : null)));
    List<Order> got = new ArrayList<>();
    ConnectorFlows.Outcome o = run(flow(Sources.httpPull(url, HttpDecoder.jsonPage(Order.class, "items", "next")), got,
        MiddlewareEntry.stage(new RateLimitPolicy(10, 1))));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).extracting(Order::id).containsExactly("0a", "0b", "1a", "1b", "2a", "2b");
    // one permit per 100 ms period: the four items of the first two pages span at least three period
    // boundaries before the third request (the first period may be cut short: 200 ms as the bound)
    assertThat(seen.get(2).nanos() - seen.get(0).nanos()).isGreaterThanOrEqualTo(200_000_000L);
  }

  @Test
  void retryAfter_readsSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-12-02T15:00:00Z");
    assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Wed, 02 Dec 2026 15:00:30 GMT", now)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Wed, 02 Dec 2026 14:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("soon", now)).isEmpty();
    assertThat(RetryAfter.parse("-5", now)).isEmpty();
    assertThat(RetryAfter.parse(null, now)).isEmpty();
  }
}

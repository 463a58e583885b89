package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.IngestOptions;
import dev.weir.api.IngestSource;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StopMode;
import dev.weir.testing.Await;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingestion endpoints of {@link Sources#ingest}, on a real {@link FlowServer} (port 0), asked by the JDK HTTP client. */
class IngestEndpointTest {

  public record Order(String id, int qty) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<Order> got = Collections.synchronizedList(new ArrayList<>());

  private record Answer(int status, JsonNode json, java.net.http.HttpHeaders headers) {}

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private FlowHandle start(IngestSource<Order> source, boolean manual) {
    var b = definition(source).builder().journals(Journals.memory());
    FlowHandle h = (manual ? b.manualStart() : b).start();
    toClose.add(h);
    return h;
  }

  private FlowDefinition definition(IngestSource<Order> source) {
    return FlowDefinition.define("ingest_test")
        .stage(StageDefinition.source("orders", ElementType.of(Order.class), f -> source))
        .stage(StageDefinition.sink("sink", ElementType.of(Order.class), f -> Sinks.collect(got)))
        .chain("orders", "sink")
        .build();
  }

  private FlowServer serve(FlowHandle h) throws Exception {
    FlowServer s = FlowServer.builder(h).port(0).start();
    toClose.add(s);
    return s;
  }

  private HttpRequest request(FlowServer s, String path, String body, String... headers) {
    HttpRequest.Builder r = HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return r.build();
  }

  private static Answer answer(HttpResponse<String> a) {
    try {
      return new Answer(a.statusCode(), JSON.readTree(a.body()), a.headers());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + a.body(), e);
    }
  }

  private Answer post(FlowServer s, String path, String body, String... headers) throws Exception {
    return answer(client.send(request(s, path, body, headers), HttpResponse.BodyHandlers.ofString()));
  }

  private CompletableFuture<Answer> postAsync(FlowServer s, String path, String body) {
    return client.sendAsync(request(s, path, body), HttpResponse.BodyHandlers.ofString()).thenApply(IngestEndpointTest::answer);
  }

  private static FlowResult stop(FlowHandle h) throws InterruptedException {
    h.stop(StopMode.GRACEFUL);
    return h.await(Duration.ofSeconds(60)).orElseThrow(); // a hang guard, not a timing assertion
  }

  @Test
  void acceptedItems_areInTheSourcesJournal_inOrder() throws Exception {
    FlowHandle h = start(Sources.ingest("orders", Order.class, IngestOptions.defaults()), false);
    FlowServer s = serve(h);

    Answer one = post(s, "/ingest/orders/events", "{\"id\": \"a\", \"qty\": 1}");
    assertThat(one.status()).isEqualTo(202);
    assertThat(one.json().toString()).isEqualTo("{\"accepted\":1}");
    Answer batch = post(s, "/ingest/orders/batch", "[{\"id\": \"b\", \"qty\": 2}, {\"id\": \"c\", \"qty\": 3}]");
    assertThat(batch.status()).isEqualTo(202);
    assertThat(batch.json().get("accepted").asInt()).isEqualTo(2);
    // accepted means journaled: the items are there before the run ends
    assertThat(h.journals().data("orders").events())
        .containsExactly(new Order("a", 1), new Order("b", 2), new Order("c", 3));

    FlowResult r = stop(h);
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(new Order("a", 1), new Order("b", 2), new Order("c", 3));
    assertThat(r.stage("orders").errors()).isZero();
  }

  @Test
  void invalidItems_get400WithReasons_andABatchIsAllOrNothing() throws Exception {
    FlowHandle h = start(Sources.ingest("orders", Order.class, IngestOptions.defaults()), false);
    FlowServer s = serve(h);

    Answer bad = post(s, "/ingest/orders/events", "{\"id\": \"a\", \"qty\": \"many\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText()).startsWith("the item is not a valid Order: property 'qty': Cannot deserialize"
        + " value of type `int` from String \"many\"");
    assertThat(bad.json().get("invalid").get(0).get("index").asInt()).isZero();

    Answer mixed = post(s, "/ingest/orders/batch",
        "[{\"id\": \"ok\", \"qty\": 1}, {\"id\": \"x\"}, null, {\"id\": \"y\", \"qty\": 2, \"colour\": \"red\"}]");
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(mixed.json().get("error").asText())
        .isEqualTo("3 of the 4 items are not valid Order; none was accepted (a batch is all or nothing)");
    JsonNode invalid = mixed.json().get("invalid");
    assertThat(invalid).hasSize(3);
    assertThat(invalid.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(invalid.get(0).get("reason").asText()).isEqualTo("property 'qty': missing or null, but it is int (primitives need a value)");
    assertThat(invalid.get(1).get("index").asInt()).isEqualTo(2);
    assertThat(invalid.get(1).get("reason").asText()).isEqualTo("null is not Order");
    assertThat(invalid.get(2).get("index").asInt()).isEqualTo(3);
    assertThat(invalid.get(2).get("reason").asText()).startsWith("property 'colour': Unrecognized field \"colour\"");

    assertThat(post(s, "/ingest/orders/events", "not json").json().get("error").asText())
        .startsWith("the body is not JSON at line 1, column 1: Unrecognized token 'not'");
    Answer notArray = post(s, "/ingest/orders/batch", "{\"id\": \"a\", \"qty\": 1}");
    assertThat(notArray.status()).isEqualTo(400);
    assertThat(notArray.json().get("error").asText()).isEqualTo("a batch is a JSON array, got object");
    assertThat(post(s, "/ingest/orders/events", "").json().get("error").asText())
        .isEqualTo("the body is empty; send one JSON Order object");

    FlowResult r = stop(h);
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(h.journals().data("orders").events()).isEmpty(); // nothing of the refused batch
    assertThat(got).isEmpty();
  }

  @Test
  void overTheSizeLimit_is413() throws Exception {
    FlowHandle h = start(Sources.ingest("orders", Order.class, IngestOptions.defaults().maxBodyBytes(64).bufferSize(2)), false);
    FlowServer s = serve(h);

    Answer big = post(s, "/ingest/orders/events", "{\"id\": \"" + "x".repeat(100) + "\", \"qty\": 1}");
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.json().get("error").asText()).isEqualTo("the request body is over 64 bytes (IngestOptions.maxBodyBytes)");
    Answer many = post(s, "/ingest/orders/batch", "[{\"id\":\"a\",\"qty\":1},{\"id\":\"b\",\"qty\":2},{\"id\":\"c\",\"qty\":3}]");
    assertThat(many.status()).isEqualTo(413);
    assertThat(many.json().get("error").asText()).startsWith("the batch has 3 items, more than the source's buffer holds (2)");
    assertThat(stop(h).state()).isEqualTo(FlowState.COMPLETED);
    assertThat(h.journals().data("orders").events()).isEmpty();
  }

  @Test
  void apiKeyAndBearer_401WithoutValidCredentials() throws Exception {
    FlowHandle h = start(Sources.ingest("orders", Order.class, IngestOptions.defaults().apiKey("X-Api-Key", "k3y")), false);
    FlowServer s = serve(h);
    String item = "{\"id\": \"a\", \"qty\": 1}";

    Answer none = post(s, "/ingest/orders/events", item);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("error").asText()).isEqualTo("this endpoint needs the API key header 'X-Api-Key'");
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("ApiKey header=\"X-Api-Key\"");
    assertThat(post(s, "/ingest/orders/events", item, "X-Api-Key", "k3z").json().get("error").asText())
        .isEqualTo("the API key is not valid");
    assertThat(post(s, "/ingest/orders/events", item, "X-Api-Key", "k3y").status()).isEqualTo(202);
    stop(h);
    assertThat(h.journals().data("orders").events()).containsExactly(new Order("a", 1));

    FlowHandle h2 = start(Sources.ingest("orders", Order.class, IngestOptions.defaults().bearer("t0ken")), false);
    FlowServer s2 = serve(h2);
    Answer wrong = post(s2, "/ingest/orders/events", item, "Authorization", "Bearer t0kem");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().get("error").asText()).isEqualTo("the bearer token is not valid");
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(post(s2, "/ingest/orders/events", item).json().get("error").asText())
        .isEqualTo("this endpoint needs 'Authorization: Bearer <token>'");
    assertThat(post(s2, "/ingest/orders/events", item, "Authorization", "Bearer t0ken").status()).isEqualTo(202);
    stop(h2);
    assertThat(h2.journals().data("orders").events()).containsExactly(new Order("a", 1));
  }

  private static String hmac(String secret, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hmacSignedWebhooks_checkSignatureAndReplayWindow() throws Exception {
    FlowHandle h = start(Sources.ingest("hooks", Order.class,
        IngestOptions.defaults().hmac("s3cret").replayWindow(Duration.ofMinutes(5))), false);
    FlowServer s = serve(h);
    String body = "{\"id\": \"a\", \"qty\": 1}";
    long now = Instant.now().getEpochSecond();

    Answer ok = post(s, "/ingest/hooks/events", body, "X-Weir-Timestamp", Long.toString(now),
        "X-Weir-Signature", hmac("s3cret", now, body));
    assertThat(ok.status()).isEqualTo(202);

    Answer tampered = post(s, "/ingest/hooks/events", "{\"id\": \"a\", \"qty\": 9}", "X-Weir-Timestamp", Long.toString(now),
        "X-Weir-Signature", hmac("s3cret", now, body));
    assertThat(tampered.status()).isEqualTo(401);
    assertThat(tampered.json().get("error").asText()).isEqualTo("the signature does not match the body and timestamp");

    long old = now - 600;
    Answer replayed = post(s, "/ingest/hooks/events", body, "X-Weir-Timestamp", Long.toString(old),
        "X-Weir-Signature", hmac("s3cret", old, body));
    assertThat(replayed.status()).isEqualTo(401);
    assertThat(replayed.json().get("error").asText()).contains("outside the replay window of 300 s");

    Answer otherKey = post(s, "/ingest/hooks/events", body, "X-Weir-Timestamp", Long.toString(now),
        "X-Weir-Signature", hmac("other", now, body));
    assertThat(otherKey.status()).isEqualTo(401);
    Answer unsigned = post(s, "/ingest/hooks/events", body);
    assertThat(unsigned.status()).isEqualTo(401);
    assertThat(unsigned.json().get("error").asText()).startsWith("this endpoint needs a signed request");

    stop(h);
    assertThat(h.journals().data("orders").events()).containsExactly(new Order("a", 1));
  }

  @Test
  void aReplayedSignedRequestWithinTheWindow_is401_andARefusedOneMayBeSentAgain() throws Exception {
    FlowHandle h = start(Sources.ingest("hooks", Order.class, IngestOptions.defaults().hmac("s3cret")), false);
    FlowServer s = serve(h);
    String body = "{\"id\": \"a\", \"qty\": 1}";
    long now = Instant.now().getEpochSecond();
    String sig = hmac("s3cret", now, body);

    assertThat(post(s, "/ingest/hooks/events", body, "X-Weir-Timestamp", Long.toString(now), "X-Weir-Signature", sig)
        .status()).isEqualTo(202);
    Answer again = post(s, "/ingest/hooks/events", body, "X-Weir-Timestamp", Long.toString(now),
        "X-Weir-Signature", sig.toUpperCase(java.util.Locale.ROOT).replace("SHA256=", "sha256="));
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.json().get("error").asText()).startsWith("this signed request was already accepted")
        .contains("a replay");
    assertThat(again.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("HMAC"));

    String bad = "{\"id\": \"b\"}"; // qty missing: 400, not accepted, so not remembered
    String badSig = hmac("s3cret", now, bad);
    for (int i = 0; i < 2; i++) {
      Answer invalid = post(s, "/ingest/hooks/events", bad, "X-Weir-Timestamp", Long.toString(now),
          "X-Weir-Signature", badSig);
      assertThat(invalid.status()).as("attempt %d", i).isEqualTo(400);
    }
    String next = "{\"id\": \"c\", \"qty\": 2}";
    assertThat(post(s, "/ingest/hooks/events", next, "X-Weir-Timestamp", Long.toString(now),
        "X-Weir-Signature", hmac("s3cret", now, next)).status()).isEqualTo(202);

    stop(h);
    assertThat(h.journals().data("orders").events()).containsExactly(new Order("a", 1), new Order("c", 2));
  }

  @Test
  void aFullBuffer_is503WithRetryAfter_andTheWaitingRequestIsAcceptedOnceTheFlowTakesIt() throws Exception {
    IngestSource<Order> source = Sources.ingest("orders", Order.class,
        IngestOptions.defaults().bufferSize(2).retryAfter(Duration.ofSeconds(3)).acceptTimeout(Duration.ofSeconds(60)));
    FlowHandle h = start(source, true); // not started: the source takes nothing yet
    FlowServer s = serve(h);

    CompletableFuture<Answer> waiting = postAsync(s, "/ingest/orders/batch", "[{\"id\":\"a\",\"qty\":1},{\"id\":\"b\",\"qty\":2}]");
    Await.until("the batch waits in the buffer", () -> source.buffered() == 2);
    Answer full = post(s, "/ingest/orders/events", "{\"id\": \"c\", \"qty\": 3}");
    assertThat(full.status()).isEqualTo(503);
    assertThat(full.headers().firstValue("Retry-After")).contains("3");
    assertThat(full.json().get("error").asText()).startsWith("the source's buffer is full (2 items): nothing was accepted");
    assertThat(waiting).isNotDone();

    h.start();
    Answer accepted = waiting.get();
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.json().get("accepted").asInt()).isEqualTo(2);
    assertThat(stop(h).state()).isEqualTo(FlowState.COMPLETED);
    assertThat(h.journals().data("orders").events()).containsExactly(new Order("a", 1), new Order("b", 2));
  }

  @Test
  void aGracefulStop_givesWaitingRequestsBack_with503_andJournalsNoneOfThem() throws Exception {
    IngestSource<Order> source = Sources.ingest("orders", Order.class, IngestOptions.defaults().acceptTimeout(Duration.ofSeconds(60)));
    FlowHandle h = start(source, true);
    FlowServer s = serve(h);

    CompletableFuture<Answer> waiting = postAsync(s, "/ingest/orders/events", "{\"id\":\"a\",\"qty\":1}");
    Await.until("the item waits in the buffer", () -> source.buffered() == 1);
    FlowResult r = stop(h);
    Answer back = waiting.get();
    assertThat(back.status()).isEqualTo(503);
    assertThat(back.headers().firstValue("Retry-After")).contains("1");
    assertThat(back.json().get("error").asText()).isEqualTo("the flow's source 'orders' has stopped: nothing was accepted");
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(h.journals().data("orders").events()).isEmpty();
    assertThat(source.buffered()).isZero();

    Answer after = post(s, "/ingest/orders/events", "{\"id\":\"b\",\"qty\":2}");
    assertThat(after.status()).isEqualTo(503);
  }

  @Test
  void aRequestTheFlowDoesNotTakeInTime_is503_andTakenBack() throws Exception {
    IngestSource<Order> source = Sources.ingest("orders", Order.class, IngestOptions.defaults().acceptTimeout(Duration.ofMillis(200)));
    FlowHandle h = start(source, true);
    FlowServer s = serve(h);

    Answer late = post(s, "/ingest/orders/events", "{\"id\":\"a\",\"qty\":1}");
    assertThat(late.status()).isEqualTo(503);
    assertThat(late.json().get("error").asText()).startsWith("the flow did not take the items within 200 ms");
    assertThat(source.buffered()).isZero();
    h.start();
    assertThat(post(s, "/ingest/orders/events", "{\"id\":\"b\",\"qty\":2}").status()).isEqualTo(202);
    stop(h);
    assertThat(h.journals().data("orders").events()).containsExactly(new Order("b", 2));
  }

  @Test
  void wrongMethodOrPath_and_anUnauthenticatedEndpointBeyondLoopback_areRefused() throws Exception {
    FlowHandle h = start(Sources.ingest("orders", Order.class, IngestOptions.defaults()), false);
    FlowServer s = serve(h);

    HttpResponse<String> get = client.send(HttpRequest.newBuilder(s.uri().resolve("/ingest/orders/events")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    Answer unknown = post(s, "/ingest/orders/other", "{}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).startsWith("no such endpoint: /ingest/orders/other");

    // refused before any socket is opened
    assertThatThrownBy(() -> FlowServer.builder(h).bind("0.0.0.0").apiToken("t").port(0).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("opens the ingestion endpoint of source 'orders' beyond this machine without authentication");
  }

  @Test
  void aReplay_readsTheArchivedItems_andMountsNoEndpoint(@TempDir Path dir) throws Exception {
    FlowHandle h = definition(Sources.ingest("orders", Order.class, IngestOptions.defaults())).builder()
        .journals(Journals.disk(dir)).start();
    toClose.add(h);
    FlowServer s = serve(h);
    assertThat(post(s, "/ingest/orders/batch", "[{\"id\":\"a\",\"qty\":1},{\"id\":\"b\",\"qty\":2}]").status()).isEqualTo(202);
    assertThat(stop(h).state()).isEqualTo(FlowState.COMPLETED);
    Path run = h.journals().directory().orElseThrow();

    got.clear();
    FlowHandle replay = definition(Sources.ingest("orders", Order.class, IngestOptions.defaults())).builder()
        .journals(Journals.disk(dir)).replayFrom(run).manualStart().start();
    toClose.add(replay);
    FlowServer rs = serve(replay);
    Answer none = post(rs, "/ingest/orders/events", "{\"id\":\"c\",\"qty\":3}");
    assertThat(none.status()).isEqualTo(404);
    replay.start();
    FlowResult r = replay.await(Duration.ofSeconds(60)).orElseThrow();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).containsExactly(new Order("a", 1), new Order("b", 2));
  }
}

package dev.weir.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API over a real server on an ephemeral port, asked by the JDK's HTTP client. */
class FlowServerTest {

  private static final ElementType LONG = ElementType.of(Long.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeAll() throws Exception {
    release.countDown();
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private FlowDefinition flow() {
    Transform<Long, Long> validate = (n, out) -> {
      if (n % 10 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "a multiple of ten: " + n);
      }
      out.emit(n);
    };
    Sink<Long> held = n -> release.await();
    return FlowDefinition.define("served")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(3_000, n -> n + 1)))
        .stage(StageDefinition.transform("validate", StageKind.TRANSFORM, LONG, LONG, f -> validate))
        .stage(StageDefinition.sink("out", LONG, f -> held))
        .chain("numbers", "validate", "out")
        .build();
  }

  private FlowHandle start(boolean manual) {
    var b = flow().builder();
    FlowHandle h = (manual ? b.manualStart() : b).start();
    toClose.add(h);
    return h;
  }

  private FlowServer serve(FlowHandle h, String token) throws Exception {
    FlowServer s = FlowServer.builder(h).port(0).apiToken(token).start();
    toClose.add(s);
    return s;
  }

  private record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private Answer get(FlowServer s, String path, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> a = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(a.statusCode(), a.body(), a.headers());
  }

  private Answer post(FlowServer s, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> a = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(a.statusCode(), a.body(), a.headers());
  }

  @Test
  void aRunningFlow_isDescribedByEveryEndpoint_andStopsThroughTheApi() throws Exception {
    FlowHandle h = start(false);
    FlowServer s = serve(h, null);
    assertThat(s.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/");
    Await.until("the held sink backs up validate", () -> h.status().edges().get(1).lag() > 0);

    assertThat(get(s, "/health").status()).isEqualTo(200);
    Answer ready = get(s, "/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("state").asText()).isEqualTo("RUNNING");

    JsonNode topology = get(s, "/api/topology").json();
    assertThat(topology.get("flow").asText()).isEqualTo("served");
    assertThat(topology.get("runId").asText()).isEqualTo(h.runId());
    assertThat(topology.get("stages")).hasSize(3);
    JsonNode validate = topology.get("stages").get(1);
    assertThat(validate.get("name").asText()).isEqualTo("validate");
    assertThat(validate.get("kind").asText()).isEqualTo("transform");
    assertThat(validate.get("inputType").asText()).isEqualTo("java.lang.Long");
    assertThat(validate.get("outputType").asText()).isEqualTo("java.lang.Long");
    assertThat(validate.get("reference").isNull()).isTrue();
    assertThat(validate.get("cycleMember").asBoolean()).isFalse();
    assertThat(validate.get("middleware")).isEmpty();
    assertThat(topology.get("stages").get(0).get("inputType").isNull()).isTrue();
    assertThat(topology.get("edges").get(1).toString())
        .isEqualTo("{\"from\":\"validate\",\"to\":\"out\",\"kind\":\"forward\",\"contracts\":[\"transport\"]}");

    JsonNode status = get(s, "/api/flow/status").json();
    assertThat(status.get("state").asText()).isEqualTo("RUNNING");
    assertThat(status.get("elapsedMillis").asLong()).isPositive();
    assertThat(status.get("stages").get(2).get("state").asText()).isEqualTo("RUNNING");
    assertThat(status.get("edges").get(1).get("lag").asLong()).isPositive();
    assertThat(status.get("edges").get(1).get("contract").asText()).isEqualTo("pending");

    String metrics = get(s, "/metrics").body();
    assertThat(metrics).contains("weir_flow_state{flow=\"served\",state=\"RUNNING\"} 1.0")
        .contains("weir_stage_events_emitted_total{flow=\"served\",kind=\"source\",stage=\"numbers\"}");

    Answer stop = post(s, "/api/flow/control", "{\"action\": \"stop\", \"mode\": \"cancel\"}");
    assertThat(stop.status()).isEqualTo(202);
    assertThat(stop.json().get("accepted").asText()).isEqualTo("stop");
    assertThat(stop.json().get("mode").asText()).isEqualTo("cancel");
    FlowResult r = h.await();
    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(r.detail()).contains("cancelled through the HTTP API");

    Answer again = post(s, "/api/flow/control", "{\"action\": \"stop\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("error").asText()).isEqualTo("the flow has ended (CANCELLED): there is nothing to stop");
    assertThat(get(s, "/ready").status()).isEqualTo(503);
    assertThat(get(s, "/api/flow/status").json().get("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void theEventStream_sendsTheSystemJournal_andResumesAfterLastEventId() throws Exception {
    release.countDown();
    FlowHandle h = start(false);
    FlowServer s = serve(h, null);
    h.await();

    Answer all = get(s, "/api/flow/events");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
    List<String> ids = all.body().lines().filter(l -> l.startsWith("id: ")).toList();
    long last = h.journals().system().lastSeq();
    assertThat(ids).hasSize((int) last).first().isEqualTo("id: 1");
    assertThat(all.body()).contains("event: FLOW_STATE").contains("event: STAGE_COMPLETED")
        .contains("event: CONTRACT_PASSED").contains("\"subject\":\"flow\"");

    Answer rest = get(s, "/api/flow/events", "Last-Event-ID", Long.toString(last - 2));
    assertThat(rest.body().lines().filter(l -> l.startsWith("id: ")).toList())
        .containsExactly("id: " + (last - 1), "id: " + last);
    Answer bad = get(s, "/api/flow/events", "Last-Event-ID", "x");
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void aLiveEventStream_followsTheRunUntilItEnds() throws Exception {
    FlowHandle h = start(false);
    FlowServer s = serve(h, null);
    Await.until("the flow runs", () -> h.state() == FlowState.RUNNING);
    var pending = client.sendAsync(HttpRequest.newBuilder(s.uri().resolve("/api/flow/events")).build(),
        HttpResponse.BodyHandlers.ofString());
    release.countDown(); // the flow ends now; the stream ends after its last record
    HttpResponse<String> stream = pending.get(60, java.util.concurrent.TimeUnit.SECONDS);
    h.await();
    assertThat(stream.body()).contains("COMPLETED");
    assertThat(stream.body().lines().filter(l -> l.startsWith("id: ")).count())
        .isEqualTo(h.journals().system().lastSeq());
  }

  @Test
  void aManualFlow_waitsForItsStartThroughTheApi() throws Exception {
    release.countDown();
    FlowHandle h = start(true);
    FlowServer s = serve(h, null);
    Await.until("the flow waits for its start", () -> h.state() == FlowState.MATERIALIZED);
    assertThat(get(s, "/ready").status()).isEqualTo(503);

    Answer started = post(s, "/api/flow/control", "{\"action\":\"start\"}");
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    JsonNode status = get(s, "/api/flow/status").json();
    assertThat(status.get("stages").get(2).get("emitted").asLong()).isEqualTo(2_700);
    assertThat(status.get("stages").get(1).get("errors").asLong()).isEqualTo(300);
    assertThat(status.get("stages").get(1).get("errorsByKind").get("VALIDATION").asLong()).isEqualTo(300);
    assertThat(status.get("edges").get(0).get("contract").asText()).isEqualTo("passed");

    Answer twice = post(s, "/api/flow/control", "{\"action\":\"start\"}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().get("error").asText()).startsWith("the flow is COMPLETED: it started already; start is for a flow that waits");
  }

  @Test
  void aGracefulStopWithATimeout_cancelsWhatDoesNotDrainInTime() throws Exception {
    FlowHandle h = start(false);
    FlowServer s = serve(h, null);
    Await.until("the held sink backs up validate", () -> h.status().edges().get(1).lag() > 0);

    Answer stop = post(s, "/api/flow/control", "{\"action\":\"stop\",\"mode\":\"graceful\",\"timeoutSeconds\":0.3}");
    assertThat(stop.status()).isEqualTo(202);
    FlowResult r = h.await(); // the sink never drains: only the cancel after the timeout ends the run
    assertThat(r.state()).isEqualTo(FlowState.CANCELLED);
    assertThat(r.detail()).contains("cancelled because a graceful stop through the HTTP API did not end within 300 ms");
  }

  @Test
  void badRequests_getTheirStatusAndAReason() throws Exception {
    FlowHandle h = start(true);
    FlowServer s = serve(h, null);

    Answer missing = get(s, "/api/nothing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("status").asInt()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).startsWith("no such endpoint: /api/nothing");

    Answer wrongMethod = post(s, "/api/flow/status", "{}");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
    assertThat(get(s, "/api/flow/control").headers().firstValue("Allow")).contains("POST");

    String[][] bad = {
        {"", "the body is empty; send JSON such as {\"action\": \"start\"}"},
        {"{action", "the body is not JSON: "},
        {"[1]", "the body is a JSON object such as {\"action\": \"start\"}, not array"},
        {"{}", "the body needs \"action\": \"start\" or \"stop\""},
        {"{\"action\":\"pause\"}", "unknown action 'pause': use start or stop"},
        {"{\"action\":\"stop\",\"mode\":\"now\"}", "\"mode\" is \"graceful\" or \"cancel\", not \"now\""},
        {"{\"action\":\"stop\",\"timeoutSeconds\":-1}", "\"timeoutSeconds\" is a number of seconds above 0, not -1"},
        {"{\"action\":\"stop\",\"timeoutSeconds\":\"5\"}", "\"timeoutSeconds\" is a number of seconds above 0, not \"5\""},
        {"{\"action\":\"start\",\"force\":true}", "unknown field \"force\" for this action; it takes [action]"},
        {"{\"action\":\"start\"} trailing", "the body is not JSON: "},
        {"{\"action\":\"stop\",\"action\":\"start\"}", "the body is not JSON: Duplicate field 'action'"},
        {"{\"action\":\"stop\",\"timeoutSeconds\":1e400}", "\"timeoutSeconds\" is a number of seconds above 0, not Infinity"},
    };
    for (String[] b : bad) {
      Answer a = post(s, "/api/flow/control", b[0]);
      assertThat(a.status()).as(b[0]).isEqualTo(400);
      assertThat(a.json().get("error").asText()).as(b[0]).startsWith(b[1]);
    }
    Answer huge = post(s, "/api/flow/control", "{\"action\":\"" + "x".repeat(ApiHandler.MAX_BODY) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(h.state()).as("nothing above started or stopped the flow").isEqualTo(FlowState.MATERIALIZED);
  }

  @Test
  void withAnApiToken_everyEndpointButHealthAndThePageNeedsIt() throws Exception {
    FlowHandle h = start(true);
    FlowServer s = serve(h, "s3cret");

    assertThat(get(s, "/health").status()).isEqualTo(200);
    assertThat(get(s, "/").status()).isEqualTo(200);
    Answer none = get(s, "/api/flow/status");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(get(s, "/metrics", "Authorization", "Bearer wrong").status()).isEqualTo(401);
    assertThat(post(s, "/api/flow/control", "{\"action\":\"start\"}").status()).isEqualTo(401);
    assertThat(h.state()).isEqualTo(FlowState.MATERIALIZED);
    assertThat(get(s, "/api/flow/status", "Authorization", "Bearer s3cret").status()).isEqualTo(200);
    assertThat(get(s, "/api/flow/status", "Authorization", "bearer s3cret").status()).as("the scheme in any case")
        .isEqualTo(200);
    assertThat(get(s, "/api/nothing").status()).as("nothing about the API before the token").isEqualTo(401);
    assertThat(post(s, "/api/flow/status", "{}").status()).isEqualTo(401);
  }

  @Test
  void anAddressBeyondThisMachine_isRefusedWithoutAToken() throws Exception {
    FlowHandle h = start(true);
    assertThatThrownBy(() -> FlowServer.builder(h).bind("0.0.0.0").port(0).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("binding 0.0.0.0 opens the API beyond this machine: set an API token (--api-token or"
            + " WEIR_API_TOKEN), or bind 127.0.0.1");
    FlowServer withToken = FlowServer.builder(h).bind("0.0.0.0").port(0).apiToken("t").start();
    toClose.add(withToken);
    assertThat(withToken.uri().toString()).startsWith("http://127.0.0.1:");
  }

  @Test
  void theTopology_showsEachStagesMiddlewareAsItWasDeclared() throws Exception {
    dev.weir.flow.CircuitBreakerPolicy breaker = new dev.weir.flow.CircuitBreakerPolicy(50, 20, 10,
        Duration.ofSeconds(30), 3, java.util.Optional.empty(), 100, java.util.Optional.of("cached"),
        java.util.Optional.of((flow, in) -> in), dev.weir.dsl.OnOpen.DEAD_LETTER);
    FlowDefinition def = FlowDefinition.define("guarded")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(10, n -> n)))
        .stage(StageDefinition.transform("remote", StageKind.TRANSFORM, LONG, LONG, f -> (Transform<Long, Long>) (n, out)
            -> out.emit(n)))
        .stage(StageDefinition.sink("out", LONG, f -> dev.weir.api.Sinks.discard()))
        .chain("numbers", "remote", "out")
        .middleware("remote", dev.weir.flow.MiddlewareEntry.flow(new dev.weir.flow.RetryPolicy(3, Duration.ofMillis(100),
            2.0, Duration.ofSeconds(5), 0.1)), dev.weir.flow.MiddlewareEntry.stage(breaker))
        .build();
    FlowHandle h = def.builder().manualStart().start();
    toClose.add(h);
    FlowServer s = serve(h, null);

    JsonNode remote = get(s, "/api/topology").json().get("stages").get(1);
    assertThat(remote.get("middleware").toString()).isEqualTo("[{\"kind\":\"Retry\",\"origin\":\"flow\","
        + "\"settings\":{\"maxAttempts\":3,\"initialDelay\":\"100ms\",\"multiplier\":2.0,\"maxDelay\":\"5s\","
        + "\"jitter\":0.1}},{\"kind\":\"CircuitBreaker\",\"origin\":\"stage\",\"settings\":{"
        + "\"failureRateThreshold\":50.0,\"slidingWindowSize\":20,\"minimumCalls\":10,\"waitInOpen\":\"30s\","
        + "\"halfOpenCalls\":3,\"slowCallDuration\":null,\"slowCallRateThreshold\":100.0,"
        + "\"fallbackMethod\":\"cached\",\"onOpen\":\"DEAD_LETTER\"}}]");
  }

  @Test
  void thePage_isServedWholeWithoutAnythingFromElsewhere() throws Exception {
    FlowServer s = serve(start(true), null);
    Answer page = get(s, "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.body()).contains("<svg id=\"graph\"").contains("/api/flow/status")
        .doesNotContainPattern("(src|href|url)\\s*[=(]\\s*[\"']?(https?:)?//").doesNotContain("<script src")
        .doesNotContain("<link").doesNotContain("@import");
  }
}

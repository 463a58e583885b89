package dev.weir.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Routes every request of a {@link FlowServer}: checks the method and the token, bounds the body,
 * answers JSON (errors as {@code {"status": n, "error": reason}}), 404 for an unknown path, 405 with
 * {@code Allow} for a wrong method, 413 for a body over {@value #MAX_BODY} bytes.
 */
final class ApiHandler implements HttpHandler {

  /** The largest request body read. */
  static final int MAX_BODY = 1 << 20;
  /** Event streams served at once; more get 503. */
  static final int MAX_STREAMS = 16;

  private static final Set<String> OPEN = Set.of("/health", "/");

  private final FlowHandle handle;
  private final PrometheusMeterRegistry metrics;
  private final byte[] token;
  /** Strict: trailing text after the value, and a key given twice, are refused (400), never guessed at. */
  private final ObjectMapper json = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private final EventStream events;
  private final Semaphore streams = new Semaphore(MAX_STREAMS);
  private final FlowControl control;
  private final byte[] page;

  ApiHandler(FlowHandle handle, PrometheusMeterRegistry metrics, String token) {
    this.handle = handle;
    this.metrics = metrics;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.events = new EventStream(handle, json);
    this.control = new FlowControl(handle);
    this.page = Page.html();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try {
        route(ex);
      } catch (ApiException e) {
        if (e.status() == 405) {
          ex.getResponseHeaders().set("Allow", allowed(ex.getRequestURI().getPath()));
        }
        if (e.status() == 401) {
          ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status());
        body.put("error", e.getMessage());
        sendJson(ex, e.status(), body);
      }
    } catch (IOException clientGone) {
      // the client closed the connection: nothing to answer
    }
  }

  private void route(HttpExchange ex) throws IOException, ApiException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (token != null && !OPEN.contains(path) && !authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
      throw new ApiException(401, ex.getRequestHeaders().getFirst("Authorization") == null
          ? "this endpoint needs 'Authorization: Bearer <token>'" : "the bearer token is not the API token");
    }
    String allowed = allowed(path);
    if (allowed == null) {
      throw new ApiException(404, "no such endpoint: " + path + "; see /api/topology, /api/flow/status,"
          + " /api/flow/control, /api/flow/events, /metrics, /health, /ready and /");
    }
    if (!allowed.equals(method) && !(method.equals("HEAD") && allowed.equals("GET"))) {
      throw new ApiException(405, method + " " + path + " is not allowed; use " + allowed);
    }
    byte[] body = body(ex);
    switch (path) {
      case "/" -> send(ex, 200, "text/html; charset=utf-8", page);
      case "/health" -> sendJson(ex, 200, Map.of("status", "UP"));
      case "/ready" -> {
        FlowState state = handle.state();
        sendJson(ex, state == FlowState.RUNNING ? 200 : 503, Map.of("state", state.name()));
      }
      case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
      case "/api/topology" -> sendJson(ex, 200, FlowJson.topology(handle));
      case "/api/flow/status" -> sendJson(ex, 200, FlowJson.status(handle.status()));
      case "/api/flow/control" -> {
        Map<String, Object> accepted = control.apply(parse(body));
        sendJson(ex, 202, accepted);
      }
      case "/api/flow/events" -> {
        long after = EventStream.after(ex.getRequestHeaders().getFirst("Last-Event-ID"));
        if (!streams.tryAcquire()) {
          ex.getResponseHeaders().set("Retry-After", "5");
          throw new ApiException(503, MAX_STREAMS + " event streams are open already; try again later");
        }
        try {
          events.send(ex, after);
        } finally {
          streams.release();
        }
      }
      default -> throw new ApiException(404, "no such endpoint: " + path);
    }
  }

  /** Whether {@code header} is {@code Bearer <the token>}: the scheme in any case (RFC 7235), the token compared in constant time. */
  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    String h = header.strip();
    int space = h.indexOf(' ');
    if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Bearer")) {
      return false;
    }
    return MessageDigest.isEqual(token, h.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8));
  }

  /** The method {@code path} takes, or null for no endpoint. */
  private static String allowed(String path) {
    return switch (path) {
      case "/", "/health", "/ready", "/metrics", "/api/topology", "/api/flow/status", "/api/flow/events" -> "GET";
      case "/api/flow/control" -> "POST";
      default -> null;
    };
  }

  private static byte[] body(HttpExchange ex) throws IOException, ApiException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new ApiException(413, "the request body is over " + MAX_BODY + " bytes");
      }
      return b;
    }
  }

  private JsonNode parse(byte[] body) throws ApiException {
    if (body.length == 0) {
      throw new ApiException(400, "the body is empty; send JSON such as {\"action\": \"start\"}");
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(400, "the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "the body cannot be read: " + e.getMessage());
    }
  }

  private void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json", json.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}

package dev.weir.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.weir.api.IngestReply;
import dev.weir.api.IngestSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves one ingestion source at {@code /ingest/<name>/events} and {@code /ingest/<name>/batch}:
 * bounds the body, then lets the source authenticate, validate and journal the request
 * ({@link IngestSource#offer}) and sends its answer as JSON.
 */
final class IngestHandler implements HttpHandler {

  private final IngestSource<?> source;
  private final String base;
  private final ObjectMapper json;

  IngestHandler(IngestSource<?> source, ObjectMapper json) {
    this.source = source;
    this.base = base(source);
    this.json = json;
  }

  /** The context path: {@code /ingest/<name>/}. */
  static String base(IngestSource<?> source) {
    return "/ingest/" + source.name() + "/";
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String rest = ex.getRequestURI().getPath().substring(Math.min(base.length(), ex.getRequestURI().getPath().length()));
      boolean batch = rest.equals("batch");
      if (!batch && !rest.equals("events")) {
        send(ex, 404, error(404, "no such endpoint: " + ex.getRequestURI().getPath() + "; POST one item to " + base
            + "events or a JSON array to " + base + "batch"));
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().set("Allow", "POST");
        send(ex, 405, error(405, ex.getRequestMethod() + " " + base + rest + " is not allowed; use POST"));
        return;
      }
      int max = source.options().maxBodyBytes();
      String length = ex.getRequestHeaders().getFirst("Content-Length");
      byte[] body = null;
      if (length == null || !tooLong(length, max)) {
        try (InputStream in = ex.getRequestBody()) {
          body = in.readNBytes(max + 1);
        }
      }
      if (body == null || body.length > max) {
        send(ex, 413, error(413, "the request body is over " + max + " bytes (IngestOptions.maxBodyBytes)"));
        return;
      }
      IngestReply reply;
      try {
        reply = source.offer(ex.getRequestHeaders()::getFirst, body, batch);
      } catch (InterruptedException e) { // the server is closing
        Thread.currentThread().interrupt();
        ex.getResponseHeaders().set("Retry-After", "1");
        send(ex, 503, error(503, "the server is closing: nothing was accepted"));
        return;
      }
      reply.retryAfter().ifPresent(d -> ex.getResponseHeaders().set("Retry-After",
          Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
      reply.challenge().ifPresent(c -> ex.getResponseHeaders().set("WWW-Authenticate", c));
      send(ex, reply.status(), reply.body());
    } catch (IOException clientGone) {
      // the client closed the connection: nothing to answer
    }
  }

  private static boolean tooLong(String contentLength, int max) {
    try {
      return Long.parseLong(contentLength.trim()) > max;
    } catch (NumberFormatException e) {
      return false; // read it, bounded, and see
    }
  }

  private static Map<String, Object> error(int status, String reason) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("status", status);
    b.put("error", reason);
    return b;
  }

  private void send(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}

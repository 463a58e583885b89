package dev.weir.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.weir.event.SystemEvent;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/flow/events}: the run's system journal as server-sent events, from its first
 * record (or after {@code Last-Event-ID}): lifecycle, stage states, contract results, failures.
 * Each event's {@code id} is its system-journal seq and its {@code event} the record's type. The
 * stream ends once the flow has ended and every record was sent. Reads the journal every
 * {@value #POLL_MILLIS} ms: what the flow journals is never held back for the stream.
 */
final class EventStream {

  static final long POLL_MILLIS = 100;
  private static final int BATCH = 256;
  /** A comment line after this many idle polls (2 s). */
  private static final int HEARTBEAT_POLLS = 20;

  private final FlowHandle handle;
  private final ObjectMapper json;

  EventStream(FlowHandle handle, ObjectMapper json) {
    this.handle = handle;
    this.json = json;
  }

  /** The seq to start after, from {@code Last-Event-ID}; 0 for the first record. */
  static long after(String lastEventId) throws ApiException {
    if (lastEventId == null || lastEventId.isBlank()) {
      return 0;
    }
    try {
      long seq = Long.parseLong(lastEventId.strip());
      if (seq < 0) {
        throw new NumberFormatException();
      }
      return seq;
    } catch (NumberFormatException e) {
      throw new ApiException(400, "Last-Event-ID is the seq of an event, a whole number from 0, not '" + lastEventId
          + "'");
    }
  }

  void send(HttpExchange ex, long after) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    JournalView system = handle.journals().system();
    long next = after + 1;
    int idle = 0;
    try (OutputStream out = ex.getResponseBody()) {
      for (;;) {
        boolean ended = handle.state().isTerminal(); // read before the journal: its last records are then in it
        List<JournalRecord> records = system.lastSeq() >= next ? system.read(next, BATCH) : List.of();
        for (JournalRecord r : records) {
          out.write(event(r).getBytes(StandardCharsets.UTF_8));
          next = r.seq() + 1;
        }
        if (!records.isEmpty()) {
          out.flush();
          idle = 0;
          continue;
        }
        if (ended) {
          return;
        }
        if (++idle % HEARTBEAT_POLLS == 0) {
          out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8)); // finds a gone client, keeps proxies open
          out.flush();
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String event(JournalRecord r) throws IOException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("seq", r.seq());
    data.put("timestamp", r.timestamp());
    String type = r.kind().name();
    if (r.payload() instanceof SystemEvent e) {
      type = e.type().name();
      data.put("type", type);
      data.put("subject", e.subject());
      data.put("detail", e.detail());
    } else {
      data.put("type", type);
    }
    return "id: " + r.seq() + "\nevent: " + type + "\ndata: " + json.writeValueAsString(data) + "\n\n";
  }
}

package dev.weir.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import dev.weir.flow.StopMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/flow/control}: {@code {"action": "start"}} starts a flow that waits for its start
 * ({@code --startup manual}); {@code {"action": "stop", "mode": "graceful"|"cancel",
 * "timeoutSeconds": n}} stops a flow that has not ended (graceful by default: sources stop, what is in
 * flight drains; with a timeout, a graceful stop still going after that many seconds is cancelled).
 * 202 when accepted, 409 when the flow's state does not allow it, 400 for a bad body.
 */
final class FlowControl {

  private final FlowHandle handle;

  FlowControl(FlowHandle handle) {
    this.handle = handle;
  }

  Map<String, Object> apply(JsonNode body) throws ApiException {
    if (!body.isObject()) {
      throw new ApiException(400, "the body is a JSON object such as {\"action\": \"start\"}, not " + body.getNodeType()
          .name().toLowerCase(Locale.ROOT));
    }
    JsonNode action = body.get("action");
    if (action == null || !action.isTextual()) {
      throw new ApiException(400, "the body needs \"action\": \"start\" or \"stop\"");
    }
    return switch (action.asText()) {
      case "start" -> start(body);
      case "stop" -> stop(body);
      default -> throw new ApiException(400, "unknown action '" + action.asText() + "': use start or stop");
    };
  }

  private Map<String, Object> start(JsonNode body) throws ApiException {
    unknownFields(body, "action");
    FlowState state = handle.state();
    if (state != FlowState.CREATED && state != FlowState.MATERIALIZING && state != FlowState.MATERIALIZED) {
      throw new ApiException(409, "the flow is " + state + ": it started already; start is for a flow that waits for"
          + " its start (--startup manual)");
    }
    handle.start();
    return accepted("start", state);
  }

  private Map<String, Object> stop(JsonNode body) throws ApiException {
    unknownFields(body, "action", "mode", "timeoutSeconds");
    StopMode mode = StopMode.GRACEFUL;
    JsonNode m = body.get("mode");
    if (m != null) {
      if (!m.isTextual() || !(m.asText().equals("graceful") || m.asText().equals("cancel"))) {
        throw new ApiException(400, "\"mode\" is \"graceful\" or \"cancel\", not " + m);
      }
      mode = m.asText().equals("cancel") ? StopMode.CANCEL : StopMode.GRACEFUL;
    }
    Double timeout = null;
    JsonNode t = body.get("timeoutSeconds");
    if (t != null) {
      if (!t.isNumber() || !(t.asDouble() > 0) || Double.isInfinite(t.asDouble())) {
        throw new ApiException(400, "\"timeoutSeconds\" is a number of seconds above 0, not "
            + (t.isNumber() ? t.asText() : t.toString()));
      }
      timeout = t.asDouble();
    }
    FlowState state = handle.state();
    if (state.isTerminal()) {
      throw new ApiException(409, "the flow has ended (" + state + "): there is nothing to stop");
    }
    handle.stop(mode, "through the HTTP API");
    if (timeout != null && mode == StopMode.GRACEFUL) {
      long millis = (long) Math.ceil(timeout * 1000);
      CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
        if (!handle.state().isTerminal()) {
          handle.stop(StopMode.CANCEL, "because a graceful stop through the HTTP API did not end within " + millis
              + " ms");
        }
      });
    }
    Map<String, Object> out = accepted("stop", state);
    out.put("mode", mode.name().toLowerCase(Locale.ROOT));
    return out;
  }

  private static void unknownFields(JsonNode body, String... known) throws ApiException {
    java.util.List<String> allowed = java.util.List.of(known);
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new ApiException(400, "unknown field \"" + f + "\" for this action; it takes " + allowed);
      }
    }
  }

  private Map<String, Object> accepted(String action, FlowState state) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", action);
    out.put("state", state.name());
    return out;
  }
}

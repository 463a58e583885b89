package dev.weir.server;

import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.EdgeKind;
import dev.weir.flow.EdgeStatus;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowStatus;
import dev.weir.flow.Fallback;
import dev.weir.config.DurationText;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageStatus;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The JSON shapes of the API's answers, as maps Jackson writes in key order (docs/operations.md). */
final class FlowJson {

  private FlowJson() {}

  /** {@code GET /api/topology}. */
  static Map<String, Object> topology(FlowHandle handle) {
    FlowDefinition def = handle.definition();
    Set<String> inCycle = new HashSet<>();
    def.cycles().forEach(inCycle::addAll);
    List<Object> stages = new ArrayList<>();
    for (StageDefinition s : def.stages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("kind", lower(s.kind().name()));
      m.put("inputType", typeName(s.input()));
      m.put("outputType", typeName(s.output()));
      m.put("reference", def.edges().stream().filter(e -> e.kind() == EdgeKind.REFERENCE && e.to().equals(s.name()))
          .map(EdgeDefinition::from).findFirst().orElse(null));
      m.put("cycleMember", inCycle.contains(s.name()));
      List<Object> middleware = new ArrayList<>();
      for (MiddlewareEntry entry : def.middleware(s.name())) {
        middleware.add(middleware(entry));
      }
      m.put("middleware", middleware);
      stages.add(m);
    }
    List<Object> edges = new ArrayList<>();
    for (EdgeDefinition e : def.edges()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", e.from());
      m.put("to", e.to());
      m.put("kind", lower(e.kind().name()));
      m.put("contracts", List.of("transport"));
      edges.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("flow", def.name());
    out.put("runId", handle.runId());
    out.put("stages", stages);
    out.put("edges", edges);
    return out;
  }

  /** {@code GET /api/flow/status}. */
  static Map<String, Object> status(FlowStatus status) {
    List<Object> stages = new ArrayList<>();
    for (StageStatus s : status.stages()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("kind", lower(s.kind().name()));
      m.put("state", s.state().name());
      m.put("received", s.received());
      m.put("emitted", s.emitted());
      m.put("errors", s.errors());
      Map<String, Long> byKind = new LinkedHashMap<>();
      s.errorsByKind().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> byKind.put(e.getKey().name(), e.getValue()));
      m.put("errorsByKind", byKind);
      m.put("ringOccupancy", s.ringOccupancy());
      stages.add(m);
    }
    List<Object> edges = new ArrayList<>();
    for (EdgeStatus e : status.edges()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", e.from());
      m.put("to", e.to());
      m.put("kind", lower(e.kind().name()));
      m.put("lag", e.lag());
      m.put("contract", lower(e.contract().name()));
      edges.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("flow", status.flow());
    out.put("runId", status.runId());
    out.put("state", status.state().name());
    out.put("elapsedMillis", status.elapsedMillis());
    out.put("stages", stages);
    out.put("edges", edges);
    return out;
  }

  /** One middleware entry: its annotation, where it was declared, and its settings. */
  private static Map<String, Object> middleware(MiddlewareEntry entry) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", entry.policy().annotation().replace("@", ""));
    m.put("origin", lower(entry.origin().name()));
    Map<String, Object> settings = new LinkedHashMap<>();
    for (RecordComponent c : entry.policy().getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(entry.policy());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c + " of " + entry.policy(), e);
      }
      if (v instanceof java.util.Optional<?> o) {
        v = o.orElse(null);
      }
      if (v instanceof Fallback) {
        continue; // the code that answers: fallbackMethod names it
      }
      settings.put(c.getName(), v instanceof java.time.Duration d ? DurationText.format(d)
          : v == null || v instanceof Number || v instanceof Boolean ? v : v.toString());
    }
    m.put("settings", settings);
    return m;
  }

  private static String typeName(ElementType t) {
    return t == null || t.isNone() ? null : t.typeName();
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}

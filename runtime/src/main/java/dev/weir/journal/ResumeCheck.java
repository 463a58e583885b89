package dev.weir.journal;

import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a run directory can be resumed by a flow: it is a run of that flow with the same stages
 * (names, order, kinds, element types) and edges, it did not complete (or completed only because it
 * was stopped gracefully before its sources' end), it is not a replay, and its
 * HMAC sealing matches the key given. Each refusal names every difference found.
 */
public final class ResumeCheck {

  private ResumeCheck() {}

  /**
   * Why {@code definition} cannot resume the run {@code manifest} describes; empty when it can.
   *
   * @param keyGiven whether the journals are opened with an HMAC key
   */
  public static List<String> problems(Manifest manifest, FlowDefinition definition, boolean keyGiven) {
    List<String> out = new ArrayList<>();
    if (!manifest.flow().equals(definition.name())) {
      out.add("it is a run of flow '" + manifest.flow() + "', not of '" + definition.name() + "'");
      return out;
    }
    if ("COMPLETED".equals(manifest.status()) && !manifest.stoppedBeforeItsEnd()) {
      out.add("it completed (" + (manifest.ended() == null ? "" : "at " + manifest.ended()) + "): there is nothing to"
          + " resume; replay it with --replay-from instead");
    }
    if (manifest.replayOf() != null) {
      out.add("it is a replay of " + manifest.replayOf() + ": replay that run again instead of resuming the replay");
    }
    if (manifest.hmac() != keyGiven) {
      out.add(manifest.hmac() ? "it was sealed with an HMAC key, and none was given (WEIR_JOURNAL_KEY)"
          : "it was written without an HMAC key, and one was given: its batches cannot be chained on");
    }
    out.addAll(stageDifferences(manifest, definition));
    if (manifest.edges() != null) {
      Set<String> before = new LinkedHashSet<>(manifest.edges());
      Set<String> now = new LinkedHashSet<>(Manifest.edgesOf(definition));
      for (String e : before) {
        if (!now.contains(e)) {
          out.add("edge " + e + " is in the run, not in the flow");
        }
      }
      for (String e : now) {
        if (!before.contains(e)) {
          out.add("edge " + e + " is in the flow, not in the run");
        }
      }
    }
    return out;
  }

  private static List<String> stageDifferences(Manifest manifest, FlowDefinition definition) {
    List<String> out = new ArrayList<>();
    List<String> before = manifest.stages().stream().map(Manifest.StageEntry::name).toList();
    List<String> now = definition.stages().stream().map(StageDefinition::name).toList();
    for (String s : before) {
      if (!now.contains(s)) {
        out.add("stage '" + s + "' is in the run, not in the flow");
      }
    }
    for (String s : now) {
      if (!before.contains(s)) {
        out.add("stage '" + s + "' is in the flow, not in the run");
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    if (!before.equals(now)) {
      out.add("the stages are in another order: " + before + " in the run, " + now + " in the flow");
      return out;
    }
    for (StageDefinition s : definition.stages()) {
      Manifest.StageEntry e = manifest.stage(s.name()).orElseThrow();
      if (!e.kind().equals(s.kind().name())) {
        out.add("stage '" + s.name() + "' is a " + e.kind() + " in the run, a " + s.kind() + " in the flow");
      }
      type(out, s.name(), "input", e.input(), s.input());
      type(out, s.name(), "reference", e.reference(), s.reference());
      type(out, s.name(), "output", e.output(), s.output());
    }
    return out;
  }

  private static void type(List<String> out, String stage, String what, Manifest.TypeEntry before, ElementType now) {
    String b = before == null ? "none" : before.type() + " (event " + before.event() + " v" + before.version() + ")";
    String n = now.isNone() ? "none" : now.typeName() + " (event " + now.eventName() + " v" + now.eventVersion() + ")";
    if (!Objects.equals(b, n)) {
      out.add("stage '" + stage + "' " + what + " type is " + b + " in the run, " + n + " in the flow");
    }
  }
}

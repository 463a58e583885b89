package dev.weir.engine;

import dev.weir.flow.EdgeDefinition;
import dev.weir.flow.EdgeKind;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One cycle of a flow (a strongly connected set of stages) as the engine runs it: its entry point,
 * its forward edges in an order where every writer comes before its reader, and its backflow
 * edges, which must all lead back into the entry point.
 *
 * @param entry the one member with inputs from outside the cycle
 * @param members every stage of the cycle
 * @param forward the cycle's forward edges, writers before readers
 * @param backflow the cycle's backflow edges, all into {@code entry}
 */
record CycleShape(String entry, Set<String> members, List<EdgeDefinition> forward, List<EdgeDefinition> backflow) {

  /** Finds the cycles of {@code def}; {@code problems} gets what this engine cannot run. */
  static List<CycleShape> find(FlowDefinition def, List<String> problems) {
    List<CycleShape> out = new ArrayList<>();
    for (Set<String> scc : def.cycles()) {
      List<String> before = List.copyOf(problems);
      for (String m : scc) {
        StageKind kind = def.stage(m).orElseThrow().kind();
        if (kind != StageKind.TRANSFORM) {
          problems.add("stage '" + m + "' is a " + kind + " inside the cycle " + scc + ": only transforms may form a cycle");
        }
      }
      Set<String> entries = new LinkedHashSet<>();
      List<EdgeDefinition> forward = new ArrayList<>();
      List<EdgeDefinition> backflow = new ArrayList<>();
      for (EdgeDefinition e : def.edges()) {
        boolean fromIn = scc.contains(e.from());
        boolean toIn = scc.contains(e.to());
        if (!fromIn && toIn) {
          entries.add(e.to());
        } else if (fromIn && toIn) {
          (e.kind() == EdgeKind.BACKFLOW ? backflow : forward).add(e);
        }
      }
      if (entries.size() != 1) {
        problems.add("the cycle " + scc + " has " + entries.size() + " entry points " + entries + ": a cycle needs exactly one");
        continue;
      }
      String entry = entries.iterator().next();
      for (EdgeDefinition e : backflow) {
        if (!e.to().equals(entry)) {
          problems.add("backflow edge " + e + " leads to '" + e.to() + "', not to the cycle's entry point '" + entry
              + "': this engine version runs backflow edges into the entry point only");
        }
      }
      List<EdgeDefinition> ordered = topological(entry, scc, forward, problems);
      if (problems.size() == before.size()) {
        out.add(new CycleShape(entry, Set.copyOf(scc), ordered, List.copyOf(backflow)));
      }
    }
    for (EdgeDefinition e : def.edges()) {
      if (e.kind() == EdgeKind.BACKFLOW && out.stream().noneMatch(c -> c.backflow().contains(e))
          && problems.stream().noneMatch(p -> p.contains(e.toString()))) {
        boolean inSomeCycle = def.cycles().stream().anyMatch(s -> s.contains(e.from()) && s.contains(e.to()));
        if (!inSomeCycle) {
          problems.add("backflow edge " + e + " closes no cycle: nothing leads from '" + e.to() + "' to '" + e.from() + "'");
        }
      }
    }
    return out;
  }

  private static List<EdgeDefinition> topological(
      String entry, Set<String> scc, List<EdgeDefinition> forward, List<String> problems) {
    Map<String, Integer> indegree = new HashMap<>();
    for (String m : scc) {
      indegree.put(m, 0);
    }
    for (EdgeDefinition e : forward) {
      indegree.merge(e.to(), 1, Integer::sum);
    }
    Deque<String> ready = new ArrayDeque<>();
    ready.add(entry);
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String m = ready.poll();
      order.add(m);
      for (EdgeDefinition e : forward) {
        if (e.from().equals(m) && indegree.merge(e.to(), -1, Integer::sum) == 0 && !e.to().equals(entry)) {
          ready.add(e.to());
        }
      }
    }
    if (order.size() != scc.size()) {
      problems.add("the cycle " + scc + " has a loop of forward (|>) edges only: close a cycle with a backflow edge (a <| b)");
      return List.of();
    }
    List<EdgeDefinition> ordered = new ArrayList<>();
    for (String m : order) {
      for (EdgeDefinition e : forward) {
        if (e.to().equals(m)) {
          ordered.add(e);
        }
      }
    }
    return ordered;
  }
}

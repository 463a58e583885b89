package dev.weir.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tarjan's strongly connected components of a flow's stages, over every edge (backflow included). */
final class StronglyConnected {

  private final Map<String, List<String>> next = new HashMap<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> low = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new HashSet<>();
  private final List<Set<String>> components = new ArrayList<>();
  private int counter;

  private StronglyConnected(List<StageDefinition> stages, List<EdgeDefinition> edges) {
    for (StageDefinition s : stages) {
      next.put(s.name(), new ArrayList<>());
    }
    for (EdgeDefinition e : edges) {
      next.get(e.from()).add(e.to());
    }
  }

  /** The components of the graph, each a set of stage names in discovery order. */
  static List<Set<String>> of(List<StageDefinition> stages, List<EdgeDefinition> edges) {
    StronglyConnected t = new StronglyConnected(stages, edges);
    for (StageDefinition s : stages) {
      if (!t.index.containsKey(s.name())) {
        t.visit(s.name());
      }
    }
    return t.components;
  }

  private void visit(String v) {
    index.put(v, counter);
    low.put(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (String w : next.get(v)) {
      if (!index.containsKey(w)) {
        visit(w);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> c = new LinkedHashSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        c.add(w);
      } while (!w.equals(v));
      components.add(c);
    }
  }
}

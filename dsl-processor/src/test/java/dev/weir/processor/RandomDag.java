package dev.weir.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A random valid flow: sources, then transforms, then sinks, each edge from an earlier stage to a
 * later one whose input type the earlier one's output type is assignable to. Every transform and
 * sink has an upstream and every source and transform a downstream, so every stage lies on a path
 * from a source to a sink. The first transform reads {@code Object}, so any stage can feed it.
 */
record RandomDag(List<Node> nodes, List<Edge> edges, List<String> statements) {

  enum Kind { SOURCE, TRANSFORM, SINK }

  record Node(String name, Kind kind, String in, String out) {}

  record Edge(String from, String to) {}

  /** Each type and the types it is assignable to, itself included. */
  private static final Map<String, List<String>> SUPERTYPES = Map.of(
      "Integer", List.of("Integer", "Number", "Object"),
      "Number", List.of("Number", "Object"),
      "String", List.of("String", "CharSequence", "Object"),
      "CharSequence", List.of("CharSequence", "Object"),
      "Object", List.of("Object"));
  private static final List<String> TYPES = List.of("Integer", "Number", "String", "CharSequence", "Object");

  static RandomDag random(Random r) {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    int sources = 1 + r.nextInt(3);
    int transforms = 1 + r.nextInt(6);
    int sinks = 1 + r.nextInt(3);
    for (int i = 0; i < sources; i++) {
      nodes.add(new Node("s" + i, Kind.SOURCE, null, pick(r, TYPES)));
    }
    for (int i = 0; i < transforms + sinks; i++) {
      boolean sink = i >= transforms;
      List<Node> upstreams = nodes.stream().filter(n -> n.kind() != Kind.SINK).toList();
      Node first = upstreams.get(r.nextInt(upstreams.size()));
      boolean readsObject = i == 0 || i == transforms + sinks - 1;
      String in = readsObject ? "Object" : pick(r, SUPERTYPES.get(first.out()));
      Node node = sink ? new Node("k" + (i - transforms), Kind.SINK, in, null)
          : new Node("t" + i, Kind.TRANSFORM, in, pick(r, TYPES));
      nodes.add(node);
      edges.add(new Edge(first.name(), node.name()));
      for (Node other : upstreams) {
        if (other != first && SUPERTYPES.get(other.out()).contains(in) && r.nextInt(4) == 0) {
          edges.add(new Edge(other.name(), node.name()));
        }
      }
    }
    String lastSink = nodes.get(nodes.size() - 1).name();
    for (Node n : List.copyOf(nodes)) {
      if (n.kind() != Kind.SINK && edges.stream().noneMatch(e -> e.from().equals(n.name()))) {
        edges.add(new Edge(n.name(), lastSink));
      }
    }
    Collections.shuffle(edges, r);
    return new RandomDag(nodes, edges, statements(edges, r));
  }

  /** One statement per edge, chained with the previous one where it continues it. */
  private static List<String> statements(List<Edge> edges, Random r) {
    List<String> out = new ArrayList<>();
    String last = null;
    for (Edge e : edges) {
      if (e.from().equals(last) && r.nextBoolean()) {
        out.set(out.size() - 1, out.get(out.size() - 1) + " |> " + e.to());
      } else {
        out.add(e.from() + " |> " + e.to());
      }
      last = e.to();
    }
    return out;
  }

  /** The same flow with one more statement. */
  RandomDag plus(String statement) {
    List<String> more = new ArrayList<>(statements);
    more.add(statement);
    return new RandomDag(nodes, edges, more);
  }

  /** The stages reachable from {@code start}, itself included. */
  Set<String> reachableFrom(String start) {
    Set<String> seen = new LinkedHashSet<>(List.of(start));
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String at = todo.poll();
      for (Edge e : edges) {
        if (e.from().equals(at) && seen.add(e.to())) {
          todo.add(e.to());
        }
      }
    }
    return seen;
  }

  /** The first transform, which reads {@code Object}. */
  Node firstTransform() {
    return nodes.stream().filter(n -> n.kind() == Kind.TRANSFORM).findFirst().orElseThrow();
  }

  Node node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  /** The flow as a Java source file declaring {@code gen.RandomFlow}. */
  String javaSource() {
    StringBuilder src = new StringBuilder("package gen;\n\nimport dev.weir.api.*;\nimport dev.weir.dsl.*;\n\n");
    src.append("@Flow(topology = {\n")
        .append(statements.stream().map(s -> "    \"" + s + "\"").collect(Collectors.joining(",\n")))
        .append("\n})\nclass RandomFlow {\n");
    for (Node n : nodes) {
      switch (n.kind()) {
        case SOURCE -> src.append("  @Stage Source<").append(n.out()).append("> ").append(n.name())
            .append("() { return out -> false; }\n");
        case TRANSFORM -> src.append("  @Stage Transform<").append(n.in()).append(", ").append(n.out()).append("> ")
            .append(n.name()).append("() { return (in, out) -> { }; }\n");
        case SINK -> src.append("  @Stage Sink<").append(n.in()).append("> ").append(n.name())
            .append("() { return item -> { }; }\n");
      }
    }
    return src.append("}\n").toString();
  }

  private static String pick(Random r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }
}

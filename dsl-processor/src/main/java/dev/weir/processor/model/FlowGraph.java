package dev.weir.processor.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The edges a flow's topology statements and {@code @Stage(reference)} values declare, resolved to
 * stages, in the order the generated definition lists them: statement order, each join's reference
 * edge where it is first implied. Names that match no stage make no edge; the rules report them.
 */
public final class FlowGraph {

  private final Map<String, StageModel> stages;
  private final List<EdgeModel> edges;
  private final List<EdgeConflict> conflicts;
  private final Map<String, ReferenceClaim> references;
  private final List<ReferenceClaim> rejectedReferences;

  private FlowGraph(Builder b) {
    this.stages = b.stages;
    this.edges = List.copyOf(b.edges.values());
    this.conflicts = List.copyOf(b.conflicts);
    this.references = Map.copyOf(b.claims);
    this.rejectedReferences = List.copyOf(b.rejected);
  }

  /** Resolves the edges of {@code flow}. */
  public static FlowGraph of(FlowModel flow) {
    return new Builder(flow).build();
  }

  /** The first stage named {@code name}. */
  public Optional<StageModel> stage(String name) {
    return Optional.ofNullable(stages.get(name));
  }

  /** The stage names, in declaration order (the first of each name). */
  public Set<String> stageNames() {
    return stages.keySet();
  }

  /** Every edge, in definition order. */
  public List<EdgeModel> edges() {
    return edges;
  }

  /** Edges declared between the same two stages with different kinds; each kept the first. */
  public List<EdgeConflict> conflicts() {
    return conflicts;
  }

  /** The claim that decided {@code join}'s reference input, if any names a stage. */
  public Optional<ReferenceClaim> reference(String join) {
    return Optional.ofNullable(references.get(join));
  }

  /** Claims naming a join's reference input that disagree with an earlier one. */
  public List<ReferenceClaim> rejectedReferences() {
    return rejectedReferences;
  }

  /** Edges into {@code stage}, in definition order. */
  public List<EdgeModel> edgesInto(String stage) {
    return edges.stream().filter(e -> e.to().equals(stage)).toList();
  }

  /** Edges out of {@code stage}, in definition order. */
  public List<EdgeModel> edgesOutOf(String stage) {
    return edges.stream().filter(e -> e.from().equals(stage)).toList();
  }

  /** The stages reachable from {@code starts} along edges, {@code starts} included. */
  public Set<String> reachableFrom(Collection<String> starts) {
    return walk(starts, true);
  }

  /** The stages from which one of {@code ends} is reachable, {@code ends} included. */
  public Set<String> reaching(Collection<String> ends) {
    return walk(ends, false);
  }

  private Set<String> walk(Collection<String> starts, boolean forward) {
    Set<String> seen = new LinkedHashSet<>(starts);
    Deque<String> todo = new ArrayDeque<>(starts);
    while (!todo.isEmpty()) {
      String at = todo.poll();
      for (EdgeModel e : edges) {
        String here = forward ? e.from() : e.to();
        String next = forward ? e.to() : e.from();
        if (here.equals(at) && seen.add(next)) {
          todo.add(next);
        }
      }
    }
    return seen;
  }

  /**
   * The strongly connected components that contain a cycle over the edges {@code filter} accepts,
   * each in stage declaration order, ordered by their first stage.
   */
  public List<Set<String>> cycles(Predicate<EdgeModel> filter) {
    Map<String, List<EdgeModel>> adjacency = adjacency(filter, null);
    Tarjan tarjan = new Tarjan(adjacency);
    for (String stage : stages.keySet()) {
      tarjan.visit(stage);
    }
    List<String> order = new ArrayList<>(stages.keySet());
    List<Set<String>> out = new ArrayList<>();
    for (Set<String> component : tarjan.components) {
      boolean selfLoop = component.size() == 1 && adjacency.getOrDefault(component.iterator().next(), List.of())
          .stream().anyMatch(e -> e.from().equals(e.to()));
      if (component.size() > 1 || selfLoop) {
        out.add(component.stream().sorted((a, b) -> order.indexOf(a) - order.indexOf(b))
            .collect(Collectors.toCollection(LinkedHashSet::new)));
      }
    }
    out.sort((a, b) -> order.indexOf(a.iterator().next()) - order.indexOf(b.iterator().next()));
    return out;
  }

  /**
   * The cycle inside {@code component} closed by the first edge, in definition order, that closes
   * one: its edges in order, the closing edge last.
   */
  public Optional<List<EdgeModel>> closingCycle(Set<String> component, Predicate<EdgeModel> filter) {
    Map<String, List<EdgeModel>> partial = new HashMap<>();
    for (EdgeModel e : edges) {
      if (!filter.test(e) || !component.contains(e.from()) || !component.contains(e.to())) {
        continue;
      }
      Optional<List<EdgeModel>> back = path(e.to(), e.from(), partial);
      if (back.isPresent()) {
        List<EdgeModel> cycle = new ArrayList<>(back.get());
        cycle.add(e);
        return Optional.of(cycle);
      }
      partial.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }
    return Optional.empty();
  }

  /** The shortest cycle through {@code stage} inside {@code component}, as edges from and back to it. */
  public Optional<List<EdgeModel>> cycleThrough(String stage, Set<String> component, Predicate<EdgeModel> filter) {
    Map<String, List<EdgeModel>> adjacency = adjacency(filter, component);
    List<EdgeModel> best = null;
    for (EdgeModel first : adjacency.getOrDefault(stage, List.of())) {
      Optional<List<EdgeModel>> rest = path(first.to(), stage, adjacency);
      if (rest.isPresent() && (best == null || rest.get().size() + 1 < best.size())) {
        best = new ArrayList<>();
        best.add(first);
        best.addAll(rest.get());
      }
    }
    return Optional.ofNullable(best);
  }

  /** A cycle as messages print it: {@code enrich -> score -> enrich}. */
  public static String describe(List<EdgeModel> cycle) {
    StringBuilder out = new StringBuilder(cycle.get(0).from());
    for (EdgeModel e : cycle) {
      out.append(" -> ").append(e.to());
    }
    return out.toString();
  }

  private Map<String, List<EdgeModel>> adjacency(Predicate<EdgeModel> filter, Set<String> within) {
    Map<String, List<EdgeModel>> adjacency = new HashMap<>();
    for (EdgeModel e : edges) {
      if (filter.test(e) && (within == null || within.contains(e.from()) && within.contains(e.to()))) {
        adjacency.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
      }
    }
    return adjacency;
  }

  /** Breadth-first path of edges from {@code from} to {@code to}; empty list when they are the same stage. */
  private static Optional<List<EdgeModel>> path(String from, String to, Map<String, List<EdgeModel>> adjacency) {
    if (from.equals(to)) {
      return Optional.of(List.of());
    }
    Map<String, EdgeModel> via = new HashMap<>();
    Set<String> seen = new HashSet<>(Set.of(from));
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String at = todo.poll();
      for (EdgeModel e : adjacency.getOrDefault(at, List.of())) {
        if (seen.add(e.to())) {
          via.put(e.to(), e);
          if (e.to().equals(to)) {
            List<EdgeModel> out = new ArrayList<>();
            for (String n = to; !n.equals(from); n = via.get(n).from()) {
              out.add(0, via.get(n));
            }
            return Optional.of(out);
          }
          todo.add(e.to());
        }
      }
    }
    return Optional.empty();
  }

  /** Tarjan's strongly connected components. */
  private static final class Tarjan {
    private final Map<String, List<EdgeModel>> adjacency;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<Set<String>> components = new ArrayList<>();

    Tarjan(Map<String, List<EdgeModel>> adjacency) {
      this.adjacency = adjacency;
    }

    void visit(String v) {
      if (index.containsKey(v)) {
        return;
      }
      index.put(v, index.size());
      low.put(v, index.get(v));
      stack.push(v);
      onStack.add(v);
      for (EdgeModel e : adjacency.getOrDefault(v, List.of())) {
        String w = e.to();
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        Set<String> component = new HashSet<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        components.add(component);
      }
    }
  }

  /** Resolves statements and reference values to edges. */
  private static final class Builder {
    private final FlowModel flow;
    private final Map<String, StageModel> stages = new LinkedHashMap<>();
    private final Map<String, EdgeModel> edges = new LinkedHashMap<>();
    private final List<EdgeConflict> conflicts = new ArrayList<>();
    private final Map<String, ReferenceClaim> claims = new LinkedHashMap<>();
    private final List<ReferenceClaim> rejected = new ArrayList<>();
    private final Set<String> placed = new HashSet<>();

    Builder(FlowModel flow) {
      this.flow = flow;
      for (StageModel s : flow.stages()) {
        stages.putIfAbsent(s.name(), s);
      }
    }

    FlowGraph build() {
      for (StageModel join : stages.values()) {
        if (join.is(StageKind.JOIN) && join.reference().filter(stages::containsKey).isPresent()) {
          String ref = join.reference().get();
          claims.put(join.name(), new ReferenceClaim(join.name(), ref, OptionalInt.empty(),
              "@Stage(reference = \"" + ref + "\") on " + join.methodName() + "()", join.referenceLocation()));
        }
      }
      for (TopologyStatement statement : flow.statements()) {
        if (statement.syntaxError().isEmpty()) {
          statement.joinHead().ifPresent(head -> addHead(statement, head));
          for (Link link : statement.links()) {
            add(link.from(), link.to(), link.kind() == LinkKind.FORWARD ? EdgeKind.FORWARD : EdgeKind.BACKFLOW,
                link.written(), statement);
          }
        }
      }
      for (String join : claims.keySet()) {
        placeReference(join);
      }
      return new FlowGraph(this);
    }

    private void addHead(TopologyStatement statement, JoinHead head) {
      String join = head.join().name();
      String ref = head.reference().name();
      StageModel target = stages.get(join);
      if (target == null) {
        return;
      }
      if (target.is(StageKind.JOIN)) {
        if (stages.containsKey(ref)) {
          ReferenceClaim claim = new ReferenceClaim(join, ref, OptionalInt.of(statement.index()), head.written(),
              statement.location());
          ReferenceClaim winner = claims.putIfAbsent(join, claim);
          if (winner != null && !winner.reference().equals(ref)) {
            rejected.add(claim);
          }
          placeReference(join);
        }
      } else {
        add(ref, join, EdgeKind.FORWARD, head.written(), statement);
      }
      add(head.stream().name(), join, EdgeKind.FORWARD, head.written(), statement);
    }

    private void add(String from, String to, EdgeKind kind, String written, TopologyStatement statement) {
      if (!stages.containsKey(from) || !stages.containsKey(to)) {
        return;
      }
      placeReference(to);
      put(new EdgeModel(from, to, kind, written, statement.location()));
    }

    private void placeReference(String join) {
      ReferenceClaim claim = claims.get(join);
      if (claim != null && placed.add(join)) {
        put(new EdgeModel(claim.reference(), join, EdgeKind.REFERENCE, claim.written(), claim.origin()));
      }
    }

    private void put(EdgeModel edge) {
      String key = edge.from() + "\u0000" + edge.to();
      EdgeModel existing = edges.putIfAbsent(key, edge);
      if (existing != null && existing.kind() != edge.kind()) {
        conflicts.add(new EdgeConflict(existing, edge));
      }
    }
  }
}

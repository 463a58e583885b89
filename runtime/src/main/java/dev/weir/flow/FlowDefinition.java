package dev.weir.flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A flow's stages, their kinds and element types, and its edges: what the annotation processor
 * generates as {@code <Flow>Flow.definition()}. It can also be written by hand. A definition is
 * immutable; {@link #builder()} starts a run of it.
 */
public final class FlowDefinition {

  /** Default number of passes around a cycle. */
  public static final int DEFAULT_MAX_ITERATIONS = 30;

  /** Default ring size per stage output. */
  public static final int DEFAULT_BUFFER_SIZE = 1024;

  private final String name;
  private final int maxIterations;
  private final int bufferSize;
  private final Function<FlowSettings, ?> flowInstance;
  private final List<StageDefinition> stages;
  private final List<EdgeDefinition> edges;
  private final Map<String, StageDefinition> byName;
  private final Map<String, Upcaster> upcasters;
  private final Map<String, List<MiddlewareEntry>> middleware;

  private FlowDefinition(Draft b) {
    this.name = b.name;
    this.maxIterations = b.maxIterations;
    this.bufferSize = b.bufferSize;
    this.flowInstance = b.flowInstance;
    this.stages = List.copyOf(b.stages);
    this.edges = List.copyOf(b.edges);
    this.upcasters = Map.copyOf(b.upcasters);
    Map<String, StageDefinition> map = new LinkedHashMap<>();
    for (StageDefinition s : stages) {
      if (map.put(s.name(), s) != null) {
        throw new IllegalArgumentException("flow '" + name + "': two stages are named '" + s.name() + "'");
      }
    }
    this.byName = Map.copyOf(map);
    Map<String, List<MiddlewareEntry>> stacks = new LinkedHashMap<>();
    b.middleware.forEach((stage, entries) -> {
      StageDefinition s = map.get(stage);
      if (s == null) {
        throw new IllegalArgumentException("flow '" + name + "': middleware for '" + stage + "', which is not a stage; stages: "
            + map.keySet());
      }
      java.util.Set<Class<?>> kinds = new java.util.HashSet<>();
      for (MiddlewareEntry e : entries) {
        if (!e.policy().fits().contains(s.kind())) {
          throw new IllegalArgumentException("flow '" + name + "': " + e.policy().annotation() + " does not fit stage '" + stage
              + "', a " + s.kind() + "; it fits " + e.policy().fits());
        }
        if (!kinds.add(e.policy().getClass())) {
          throw new IllegalArgumentException("flow '" + name + "': stage '" + stage + "' has two " + e.policy().annotation());
        }
      }
      stacks.put(stage, List.copyOf(entries));
    });
    this.middleware = Map.copyOf(stacks);
    Map<String, Integer> seen = new HashMap<>();
    for (EdgeDefinition e : edges) {
      for (String end : List.of(e.from(), e.to())) {
        if (!map.containsKey(end)) {
          throw new IllegalArgumentException("flow '" + name + "': edge " + e + " names no stage '" + end + "'");
        }
      }
      if (seen.merge(e.from() + "\u0000" + e.to(), 1, Integer::sum) > 1) {
        throw new IllegalArgumentException("flow '" + name + "': edge " + e + " is declared twice");
      }
    }
  }

  /** Starts a definition by hand; {@code flowInstance} creates the object the stage factories get. */
  public static Draft define(String name, Supplier<?> flowInstance) {
    Objects.requireNonNull(flowInstance, "flowInstance");
    return new Draft(name, settings -> flowInstance.get());
  }

  /**
   * Starts a definition by hand whose flow object is made from each run's settings
   * ({@link FlowBuilder#settings}): {@code define("orders", settings -> new Orders(settings))}, so one
   * definition serves runs with different settings.
   */
  public static Draft define(String name, Function<FlowSettings, ?> flowInstance) {
    return new Draft(name, flowInstance);
  }

  /** Starts a definition by hand whose stage factories ignore the flow instance. */
  public static Draft define(String name) {
    return new Draft(name, settings -> new Object());
  }

  public String name() {
    return name;
  }

  public int maxIterations() {
    return maxIterations;
  }

  public int bufferSize() {
    return bufferSize;
  }

  /** Stages in declaration order. */
  public List<StageDefinition> stages() {
    return stages;
  }

  /** Edges in declaration order. */
  public List<EdgeDefinition> edges() {
    return edges;
  }

  /** The stage named {@code stageName}, if there is one. */
  public Optional<StageDefinition> stage(String stageName) {
    return Optional.ofNullable(byName.get(stageName));
  }

  /** Edges into {@code stageName}, in declaration order. */
  public List<EdgeDefinition> inputsOf(String stageName) {
    return edges.stream().filter(e -> e.to().equals(stageName)).toList();
  }

  /** Edges out of {@code stageName}, in declaration order. */
  public List<EdgeDefinition> outputsOf(String stageName) {
    return edges.stream().filter(e -> e.from().equals(stageName)).toList();
  }

  /** A new instance of the flow class, for one run without settings. */
  public Object newFlowInstance() {
    return newFlowInstance(FlowSettings.empty());
  }

  /** A new instance of the flow class, for one run with {@code settings}. */
  public Object newFlowInstance(FlowSettings settings) {
    return flowInstance.apply(Objects.requireNonNull(settings, "settings"));
  }

  /**
   * The same definition, replaying archives whose {@code eventName} payloads were written at
   * {@code fromVersion} by upcasting them to {@code fromVersion + 1} with {@code upcaster} (chain
   * one per version step up to the current version). Without one, a replay of an archive whose
   * event versions differ from this definition's is refused, naming both.
   */
  public FlowDefinition withUpcaster(String eventName, int fromVersion, Upcaster upcaster) {
    Draft b = toDraft();
    b.upcaster(eventName, fromVersion, upcaster);
    return b.build();
  }

  /**
   * The flow's cycles: each a set of two or more stages that reach each other (over forward and
   * backflow edges), in the order the stages were declared; empty for a flow without cycles.
   */
  public List<Set<String>> cycles() {
    return StronglyConnected.of(stages, edges).stream().filter(c -> c.size() > 1).map(Collections::unmodifiableSet).toList();
  }

  /**
   * The resolved middleware stack of {@code stageName}, each entry with where it was declared; empty
   * for a stage without middleware (or a name that is not a stage).
   */
  public List<MiddlewareEntry> middleware(String stageName) {
    return middleware.getOrDefault(stageName, List.of());
  }

  /** The upcaster from {@code fromVersion} of {@code eventName}, if one was given. */
  public Optional<Upcaster> upcaster(String eventName, int fromVersion) {
    return Optional.ofNullable(upcasters.get(Draft.upcastKey(eventName, fromVersion)));
  }

  private Draft toDraft() {
    Draft b = new Draft(name, flowInstance);
    b.maxIterations = maxIterations;
    b.bufferSize = bufferSize;
    b.stages.addAll(stages);
    b.edges.addAll(edges);
    b.upcasters.putAll(upcasters);
    b.middleware.putAll(middleware);
    return b;
  }

  /** Starts configuring a run of this flow. */
  public FlowBuilder builder() {
    return new FlowBuilder(this);
  }

  @Override
  public String toString() {
    return "FlowDefinition[" + name + ", stages=" + byName.keySet() + ", edges=" + edges + "]";
  }

  /**
   * A definition being put together, stage by stage and edge by edge ({@link #build()} checks that
   * every edge names a stage); not to be confused with {@link FlowBuilder}, which configures and
   * starts one run of a finished definition.
   */
  public static final class Draft {
    private final String name;
    private final Function<FlowSettings, ?> flowInstance;
    private int maxIterations = DEFAULT_MAX_ITERATIONS;
    private int bufferSize = DEFAULT_BUFFER_SIZE;
    private final List<StageDefinition> stages = new ArrayList<>();
    private final List<EdgeDefinition> edges = new ArrayList<>();
    private final Map<String, Upcaster> upcasters = new HashMap<>();
    private final Map<String, List<MiddlewareEntry>> middleware = new LinkedHashMap<>();

    private Draft(String name, Function<FlowSettings, ?> flowInstance) {
      this.name = Objects.requireNonNull(name, "name");
      if (!name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*") || name.contains("..")) {
        // disk journals live in dir/<flow>/: the name must be one safe path component
        throw new IllegalArgumentException("flow name '" + name
            + "' must be letters, digits, '_', '-' or '.', not starting with '.' and without '..'");
      }
      this.flowInstance = Objects.requireNonNull(flowInstance, "flowInstance");
    }

    public Draft maxIterations(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxIterations must be >= 1, got " + value);
      }
      this.maxIterations = value;
      return this;
    }

    public Draft bufferSize(int value) {
      if (value < 2 || Integer.bitCount(value) != 1) {
        throw new IllegalArgumentException("bufferSize must be a power of two >= 2, got " + value);
      }
      this.bufferSize = value;
      return this;
    }

    public Draft stage(StageDefinition stage) {
      stages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    public Draft edge(EdgeDefinition edge) {
      edges.add(Objects.requireNonNull(edge, "edge"));
      return this;
    }

    /** Forward edges along a chain: {@code chain("a", "b", "c")} is {@code a |> b |> c}. */
    public Draft chain(String... stageNames) {
      for (int i = 1; i < stageNames.length; i++) {
        edge(EdgeDefinition.forward(stageNames[i - 1], stageNames[i]));
      }
      return this;
    }

    /** See {@link FlowDefinition#withUpcaster}. */
    public Draft upcaster(String eventName, int fromVersion, Upcaster upcaster) {
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(upcaster, "upcaster");
      if (fromVersion < 1) {
        throw new IllegalArgumentException("an upcaster starts at a version >= 1, got " + fromVersion);
      }
      if (upcasters.putIfAbsent(upcastKey(eventName, fromVersion), upcaster) != null) {
        throw new IllegalArgumentException("flow '" + name + "': two upcasters for event '" + eventName + "' from version "
            + fromVersion);
      }
      return this;
    }

    /**
     * The resolved middleware stack of {@code stage}: at most one entry of each kind, each fitting
     * the stage's kind (checked by {@link #build()}); replaces what was set for it before.
     */
    public Draft middleware(String stage, MiddlewareEntry... entries) {
      Objects.requireNonNull(stage, "stage");
      middleware.put(stage, List.of(entries));
      return this;
    }

    static String upcastKey(String eventName, int fromVersion) {
      return eventName + "@" + fromVersion;
    }

    public FlowDefinition build() {
      return new FlowDefinition(this);
    }
  }
}

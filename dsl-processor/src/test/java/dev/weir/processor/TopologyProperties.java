package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.weir.processor.diag.Code;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Random flows: valid DAGs compile; the same DAG with a {@code |>} edge closing a cycle does not. */
class TopologyProperties {

  private static Compilation compile(RandomDag dag) {
    return Flows.compile(JavaFileObjects.forSourceString("gen.RandomFlow", dag.javaSource()));
  }

  @Property(tries = 50)
  void randomValidDag_compilesWithAllItsEdges(@ForAll("dags") RandomDag dag) {
    Compilation c = compile(dag);
    assertThat(c).succeededWithoutWarnings();
    String generated = Expect.source(c, "gen.RandomFlowFlow");
    assertThat(generated.lines().filter(l -> l.strip().startsWith(".edge(")).count())
        .as(dag.javaSource()).isEqualTo(dag.edges().size());
    assertThat(generated.lines().filter(l -> l.strip().startsWith(".stage(")).count())
        .isEqualTo(dag.nodes().size());
  }

  @Property(tries = 50)
  void randomDagWithAForwardEdgeClosingACycle_isRejectedOnce(@ForAll("dags") RandomDag dag,
      @ForAll("picks") int pick) {
    String entry = dag.firstTransform().name();
    List<String> candidates = new ArrayList<>(dag.reachableFrom(entry).stream()
        .filter(n -> dag.node(n).kind() == RandomDag.Kind.TRANSFORM).toList());
    String back = candidates.get(Math.floorMod(pick, candidates.size()));
    Compilation c = compile(dag.plus(back + " |> " + entry));
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining(Code.CYCLE.tag() + " cycle " + entry + " -> ");
    assertThat(c).hadErrorContaining("\"" + entry + " <| " + back + "\"");
  }

  /** Every stage kind, so random statements reach the join, cycle and reachability rules. */
  private static final String STAGES = """
        @Stage Source<Integer> a() { return out -> false; }
        @Stage Transform<Integer, Integer> b() { return (in, out) -> { }; }
        @Stage AsyncTransform<Integer, Integer> c() { return in -> null; }
        @Stage Stateful<Integer, ?, Integer> d() { return null; }
        @Stage(reference = "a") Join<Integer, Integer, Integer> e() { return null; }
        @Stage Sink<Integer> f() { return item -> { }; }
      """;

  @Property(tries = 60)
  void randomStatements_areJudgedNeverThrown(@ForAll("soups") List<String> statements) {
    String src = "package gen;\n\nimport dev.weir.api.*;\nimport dev.weir.dsl.*;\n\n@Flow(topology = {"
        + String.join(", ", statements.stream().map(t -> "\"" + t + "\"").toList())
        + "})\nclass SoupFlow {\n" + STAGES + "}\n";
    Compilation c = Flows.compile(JavaFileObjects.forSourceString("gen.SoupFlow", src));
    Expect.noInternalError(c);
    assertThat(Expect.errors(c)).as(src).allMatch(m -> m.startsWith("[WEIR-"));
    if (Expect.errors(c).isEmpty()) {
      assertThat(c).generatedSourceFile("gen.SoupFlowFlow");
    }
    // Which rules random statements reach, shown in the test output.
    Statistics.collect(Expect.errors(c).isEmpty() ? "generated"
        : String.join(" ", new java.util.TreeSet<>(Expect.errors(c).stream().map(m -> m.split(" ")[0]).toList())));
  }

  @Provide
  Arbitrary<List<String>> soups() {
    Arbitrary<String> name = Arbitraries.of("a", "b", "c", "d", "e", "f");
    Arbitrary<String> link = Combinators.combine(Arbitraries.frequency(
        net.jqwik.api.Tuple.of(4, " |> "), net.jqwik.api.Tuple.of(1, " <| ")), name).as(String::concat);
    Arbitrary<String> chain = Combinators.combine(name, link.list().ofMinSize(1).ofMaxSize(5))
        .as((first, rest) -> first + String.join("", rest));
    Arbitrary<String> joinHead = Combinators.combine(name, name, link.list().ofMaxSize(2))
        .as((r, st, rest) -> "(" + r + ", " + st + ") |> e" + String.join("", rest));
    Arbitrary<String> noise = Arbitraries.of("|>", "a |>", "(a, b", "a -> b", "x |> f", "a b");
    Arbitrary<String> statement = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, chain), net.jqwik.api.Tuple.of(2, joinHead), net.jqwik.api.Tuple.of(1, noise));
    return statement.list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<RandomDag> dags() {
    return Arbitraries.randomValue(RandomDag::random);
  }

  @Provide
  Arbitrary<Integer> picks() {
    return Arbitraries.integers().between(0, 1000);
  }
}

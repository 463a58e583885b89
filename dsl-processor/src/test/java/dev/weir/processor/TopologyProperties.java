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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

  @Provide
  Arbitrary<RandomDag> dags() {
    return Arbitraries.randomValue(RandomDag::random);
  }

  @Provide
  Arbitrary<Integer> picks() {
    return Arbitraries.integers().between(0, 1000);
  }
}

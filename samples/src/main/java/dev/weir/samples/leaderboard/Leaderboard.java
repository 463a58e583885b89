package dev.weir.samples.leaderboard;

import dev.weir.api.Aggregations;
import dev.weir.api.EmitPolicy;
import dev.weir.api.Ranked;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.samples.SampleData;
import java.util.List;

/**
 * A top-10 leaderboard by total points: the standings are printed every 5000 matches (a running
 * total: the state is kept) and once more at the end.
 */
@Flow(name = "leaderboard", topology = {"scores |> valid |> leaders |> board"})
public class Leaderboard {

  /** Places on the board. */
  static final int TOP = 10;

  /** Matches between two printed standings. */
  static final int EVERY = 5000;

  @Stage
  Source<Score> scores() {
    return Sources.csv(SampleData.file("scores.csv"), Score.class);
  }

  @Stage
  Transform<Score, Score> valid() {
    return Transforms.filter(s -> s.points() >= 0);
  }

  @Stage
  Stateful<Score, ?, List<Ranked<String>>> leaders() {
    return Aggregations.topNBy(TOP, Score::player, Score::points).emitting(EmitPolicy.everyN(EVERY).thenKeep());
  }

  @Stage
  Sink<List<Ranked<String>>> board() {
    int[] snapshot = {0};
    return standings -> {
      snapshot[0]++;
      System.out.println("standings #" + snapshot[0] + ":");
      for (int i = 0; i < standings.size(); i++) {
        System.out.printf("  %2d. %-10s %8.0f%n", i + 1, standings.get(i).key(), standings.get(i).score());
      }
    };
  }
}

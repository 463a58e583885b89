package dev.weir.samples.webanalytics;

import dev.weir.api.Aggregations;
import dev.weir.api.EmitPolicy;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.samples.SampleData;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Page views counted per page three ways, side by side: the same reduction ({@link PageTally#add})
 * under three emit policies. {@code running} emits the counts so far after every
 * {@value #EVERY} views and keeps them ({@code everyN(20).thenKeep()}); {@code windows} emits
 * the counts of each 10-second window of processing time and starts afresh ({@code
 * every(10s).thenReset()}); {@code totals} emits once, at end of input ({@code onEnd()}). One
 * sink reads all three and prints them grouped when the input has ended. A line of {@code
 * page-views.jsonl} that is not a page view lands in the source's error journal
 * ({@code DESERIALIZATION}, naming the file and the line).
 */
@Flow(name = "web_analytics", topology = {
    "views |> running |> report",
    "views |> windows |> report",
    "views |> totals |> report"
})
public class WebAnalytics {

  /** Views between two running counts. */
  static final int EVERY = 20;

  /** The length of a window. */
  static final Duration WINDOW = Duration.ofSeconds(10);

  @Stage
  Source<PageView> views() {
    return Sources.jsonLines(SampleData.file("page-views.jsonl"), PageView.class);
  }

  @Stage
  Stateful<PageView, ?, PageTally> running() {
    return Aggregations.reduce(() -> PageTally.empty("running"), PageTally::add)
        .emitting(EmitPolicy.everyN(EVERY).thenKeep());
  }

  @Stage
  Stateful<PageView, ?, PageTally> windows() {
    return Aggregations.reduce(() -> PageTally.empty("window"), PageTally::add)
        .emitting(EmitPolicy.every(WINDOW).thenReset());
  }

  @Stage
  Stateful<PageView, ?, PageTally> totals() {
    return Aggregations.reduce(() -> PageTally.empty("total"), PageTally::add);
  }

  /** Prints the three stages' tallies once the input has ended: running counts, windows, totals. */
  @Stage
  Sink<PageTally> report() {
    PrintStream console = System.out;
    List<PageTally> tallies = new ArrayList<>();
    return new Sink<>() {
      @Override
      public void consume(PageTally t) {
        tallies.add(t);
      }

      @Override
      public void complete() {
        print("running counts, every " + EVERY + " views (everyN(" + EVERY + ").thenKeep()):", "running", "after");
        print("windows of " + WINDOW.toSeconds() + " s (every(" + WINDOW.toSeconds() + "s).thenReset()):", "window",
            "window");
        print("totals (onEnd()):", "total", "total");
        console.flush();
      }

      private void print(String title, String view, String label) {
        console.println(title);
        int n = 0;
        for (PageTally t : tallies) {
          if (t.view().equals(view)) {
            n++;
            String views = t.views() + (t.views() == 1 ? " view" : " views");
            String which = label.equals("after") ? "after " + views : label.equals("window") ? "window " + n + ": " + views
                : views;
            console.printf("  %-20s %s%n", which, pages(t.byPage()));
          }
        }
      }
    };
  }

  private static String pages(Map<String, Long> byPage) {
    return byPage.isEmpty() ? "-" : byPage.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}

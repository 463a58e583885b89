package dev.weir.samples;

import dev.weir.app.FlowApplication;
import dev.weir.app.Weir;
import dev.weir.flow.FlowDefinition;
import dev.weir.samples.catalog.ProductCatalogFlow;
import dev.weir.samples.flights.FlightDelaysFlow;
import dev.weir.samples.leaderboard.LeaderboardFlow;
import dev.weir.samples.orders.Orders;
import dev.weir.samples.orders.OrdersFlow;
import dev.weir.samples.patterns.TopologyPatternsFlow;
import dev.weir.samples.wordcount.WordCountFlow;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one of the sample flows by name, with the options of {@link FlowApplication}; or the
 * journal tool.
 *
 * <pre>
 * java -jar samples/target/weir-samples.jar word-count
 * java -jar samples/target/weir-samples.jar orders --journal-dir /tmp/runs --durability none
 * java -jar samples/target/weir-samples.jar orders --set orders.min-quantity=3
 * java -jar samples/target/weir-samples.jar journal inspect weir-runs/orders/&lt;run-id&gt;
 * </pre>
 */
public final class Samples {

  /** The samples by name, in the order the usage lists them. */
  static final Map<String, Supplier<FlowDefinition>> FLOWS = new LinkedHashMap<>();

  static {
    FLOWS.put("word-count", WordCountFlow::definition);
    FLOWS.put("orders", OrdersFlow::definition);
    FLOWS.put("flight-delays", FlightDelaysFlow::definition);
    FLOWS.put("product-catalog", ProductCatalogFlow::definition);
    FLOWS.put("leaderboard", LeaderboardFlow::definition);
    FLOWS.put("topology-patterns", TopologyPatternsFlow::definition);
  }

  /** What the samples that take settings say about them after their {@code --help}. */
  static final Map<String, List<String>> SETTINGS = Map.of("orders", List.of(
      "Settings of orders (--set KEY=VALUE, --config FILE or WEIR_SET_<KEY>):",
      String.format("  %-24s %s", Orders.MIN_QUANTITY + "=N", "the smallest valid quantity; smaller orders go to"
          + " validate's error journal (default 1)"),
      String.format("  %-24s %s", Orders.FILE + "=PATH", "the CSV file of orders (default samples/data/orders.csv)")));

  private Samples() {}

  public static void main(String[] args) {
    String[] flowArgs = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    System.exit(execute(FlowApplication.invocation(flowArgs), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true), args));
  }

  /** Runs {@code args} as if from the repository root with the shaded jar; returns the exit code. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute("java -jar samples/target/weir-samples.jar" + (args.length == 0 ? "" : " " + args[0]), out, err,
        args);
  }

  /**
   * Runs {@code args}; returns the exit code.
   *
   * @param invocation how this program was started, with the sample's name: the start of the printed
   *     replay command
   */
  static int execute(String invocation, PrintWriter out, PrintWriter err, String... args) {
    if (args.length >= 1 && args[0].equals("journal")) {
      return Weir.execute(out, err, args);
    }
    if (args.length == 0 || !FLOWS.containsKey(args[0])) {
      err.println("usage: java -jar weir-samples.jar <sample> [options] | journal inspect|cat|verify ...");
      err.println("samples: " + String.join(", ", FLOWS.keySet()) + "; options: --help after a sample's name");
      err.println("settings: orders --set " + Orders.MIN_QUANTITY + "=3 --set " + Orders.FILE + "=my-orders.csv");
      return 2;
    }
    int code = FlowApplication.execute(FLOWS.get(args[0]).get(), invocation, out, err,
        Arrays.copyOfRange(args, 1, args.length));
    if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h")) && SETTINGS.containsKey(args[0])) {
      out.println();
      SETTINGS.get(args[0]).forEach(out::println);
      out.flush();
    }
    return code;
  }
}

package dev.weir.samples;

import dev.weir.app.FlowApplication;
import dev.weir.app.Weir;
import dev.weir.flow.FlowDefinition;
import dev.weir.samples.cardcharges.CardChargesDemo;
import dev.weir.samples.cardcharges.CardChargesFlow;
import dev.weir.samples.catalog.ProductCatalogFlow;
import dev.weir.samples.flights.FlightDelaysFlow;
import dev.weir.samples.jdbcorders.JdbcOrders;
import dev.weir.samples.jdbcorders.JdbcOrdersFlow;
import dev.weir.samples.leaderboard.LeaderboardFlow;
import dev.weir.samples.middlewaredefaults.MiddlewareDefaultsFlow;
import dev.weir.samples.orders.Orders;
import dev.weir.samples.orders.OrdersFlow;
import dev.weir.samples.patterns.TopologyPatternsFlow;
import dev.weir.samples.paymentgateway.PaymentGatewayFlow;
import dev.weir.samples.piggybank.PiggyBankFlow;
import dev.weir.samples.statefulcounter.StatefulCounter;
import dev.weir.samples.statefulcounter.StatefulCounterFlow;
import dev.weir.samples.supportsla.SupportSla;
import dev.weir.samples.supportsla.SupportSlaFlow;
import dev.weir.samples.topproducts.TopProducts;
import dev.weir.samples.topproducts.TopProductsFlow;
import dev.weir.samples.typedio.TypedIo;
import dev.weir.samples.typedio.TypedIoFlow;
import dev.weir.samples.webanalytics.WebAnalyticsFlow;
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
 * java -jar samples/target/weir-samples.jar journal list weir-runs
 * java -jar samples/target/weir-samples.jar journal prune weir-runs --keep 3 --dry-run
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
    FLOWS.put("payment-gateway", PaymentGatewayFlow::definition);
    FLOWS.put("middleware-defaults", MiddlewareDefaultsFlow::definition);
    FLOWS.put("top-products", TopProductsFlow::definition);
    FLOWS.put("stateful-counter", StatefulCounterFlow::definition);
    FLOWS.put("typed-io", TypedIoFlow::definition);
    FLOWS.put("jdbc-orders", JdbcOrdersFlow::definition);
    FLOWS.put("piggy-bank", PiggyBankFlow::definition);
    FLOWS.put("support-sla", SupportSlaFlow::definition);
    FLOWS.put("web-analytics", WebAnalyticsFlow::definition);
  }

  /** The samples whose source is fed over HTTP: they run only with {@code --server} (or as a replay). */
  static final java.util.Set<String> FED_OVER_HTTP = java.util.Set.of("piggy-bank");

  /** What the samples that take settings say about them after their {@code --help}. */
  static final Map<String, List<String>> SETTINGS = Map.of(
      "orders", settings("orders",
          Orders.MIN_QUANTITY + "=N", "the smallest valid quantity; smaller orders go to validate's error journal"
              + " (default 1)",
          Orders.FILE + "=PATH", "the CSV file of orders (default: the sample's own orders.csv)"),
      "support-sla", settings("support-sla",
          SupportSla.OUT + "=PATH", "the CSV file to write, replaced at the end of the run (default: support-sla.csv"
              + " in the working directory)"),
      "top-products", settings("top-products", TopProducts.TOP + "=N", "how many products to rank (default " + TopProducts.DEFAULT_TOP + ")"),
      "stateful-counter", settings("stateful-counter",
          StatefulCounter.EVERY + "=N", "emit the running counts after every N events (default "
              + StatefulCounter.DEFAULT_EVERY + ")"),
      "typed-io", settings("typed-io",
          TypedIo.SEED + "=N", "the seed of the generated readings (default " + TypedIo.DEFAULT_SEED + ")",
          TypedIo.COUNT + "=N", "how many readings the source generates (default " + TypedIo.DEFAULT_COUNT + ")",
          TypedIo.REPORT + "=PATH", "the report file (default: weir-sensor-report.txt in the temporary directory)"),
      "jdbc-orders", settings("jdbc-orders",
          JdbcOrders.URL + "=URL", "the PostgreSQL database (default " + JdbcOrders.DEFAULT_URL + ")",
          JdbcOrders.USER + "=NAME", "its user (default " + JdbcOrders.DEFAULT_USER + ")",
          JdbcOrders.PASSWORD + "=SECRET", "its password: give it with --secret, which records it as set, never its value",
          JdbcOrders.BATCH_SIZE + "=N", "rows per transaction (default " + JdbcOrders.DEFAULT_BATCH_SIZE + ")"));

  /** {@code --help}'s lines for a sample's settings, from (setting=VALUE, what it does) pairs. */
  private static List<String> settings(String sample, String... pairs) {
    List<String> lines = new java.util.ArrayList<>();
    lines.add("Settings of " + sample + " (--set KEY=VALUE, --config FILE or WEIR_SET_<KEY>):");
    for (int i = 0; i < pairs.length; i += 2) {
      lines.add(String.format("  %-24s %s", pairs[i], pairs[i + 1]));
    }
    return List.copyOf(lines);
  }

  private Samples() {}

  public static void main(String[] args) {
    System.exit(execute(FlowApplication.invocation(args), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true), args));
  }

  /** Runs {@code args} as if from the repository root with the shaded jar; returns the exit code. */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    return execute("java -jar samples/target/weir-samples.jar", out, err, args);
  }

  /**
   * Runs {@code args}; returns the exit code: 0 for {@code --help} and {@code --version}, 2 for no
   * sample or an unknown one, otherwise the sample's or the journal tool's.
   *
   * @param launcher how this program was started, without its arguments ({@code java -jar
   *     weir-samples.jar}): what the usage and the printed replay command begin with
   */
  static int execute(String launcher, PrintWriter out, PrintWriter err, String... args) {
    if (args.length >= 1 && args[0].equals("journal")) {
      return Weir.execute(launcher, out, err, args);
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      usage(launcher, out);
      out.flush();
      return 0;
    }
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      out.println("Weir " + FlowApplication.version());
      out.flush();
      return 0;
    }
    if (args.length >= 1 && args[0].equals(CardChargesDemo.SAMPLE)) { // alone: the kill-and-resume demo
      return args.length == 1 ? CardChargesDemo.run(launcher, out, err) : FlowApplication.execute(
          CardChargesFlow.definition(), launcher + " " + args[0], out, err, Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length == 0 || !FLOWS.containsKey(args[0])) {
      if (args.length > 0) {
        err.println((args[0].startsWith("-") ? "unknown option '" : "unknown sample '") + args[0] + "'");
      }
      usage(launcher, err);
      err.flush();
      return 2;
    }
    if (FED_OVER_HTTP.contains(args[0]) && !(args.length > 1 && args[1].equals("journal"))
        && List.of(args).stream().noneMatch(a -> a.equals("--server") || a.startsWith("--replay-from")
            || List.of("--help", "-h", "--version", "-V").contains(a))) {
      err.println(args[0] + " takes its input over HTTP: run it with --server (and --port 0 for any free port), then"
          + " POST to the ingest URL it prints; Ctrl-C stops it");
      err.flush();
      return 2;
    }
    int code = FlowApplication.execute(FLOWS.get(args[0]).get(), launcher + " " + args[0], out, err,
        Arrays.copyOfRange(args, 1, args.length));
    if (args.length == 2 && (args[1].equals("--help") || args[1].equals("-h")) && SETTINGS.containsKey(args[0])) {
      out.println();
      SETTINGS.get(args[0]).forEach(out::println);
      out.flush();
    }
    return code;
  }

  private static void usage(String launcher, PrintWriter to) {
    to.println("usage: " + launcher + " <sample> [options]");
    to.println("       " + launcher + " journal inspect|cat|verify|list|prune ...");
    to.println("       " + launcher + " --help | --version");
    to.println("samples: " + String.join(", ", FLOWS.keySet()));
    to.println("resume: " + launcher + " " + CardChargesDemo.SAMPLE + " kills a run of its flow in a child JVM and"
        + " resumes it; with options, it runs the flow as any sample");
    to.println("a sample's options: " + launcher + " <sample> --help; the journal tool's: " + launcher + " journal --help");
    to.println("settings: " + launcher + " orders --set " + Orders.MIN_QUANTITY + "=3 --set " + Orders.FILE + "=my-orders.csv");
  }
}

package dev.weir.samples.orders;

import dev.weir.api.Emitter;
import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.flow.FlowSettings;
import dev.weir.samples.SampleData;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders from a CSV file, validated and priced, fanned out to a domestic and an international
 * branch, fanned back in to a per-region ledger, and printed. Invalid orders land in
 * {@code validate}'s error journal with their reason.
 *
 * <p>Settings ({@code --set key=value}): {@code orders.min-quantity}, the smallest valid quantity
 * (default 1), and {@code orders.file}, the CSV file to read (default the sample's
 * {@code orders.csv}).
 */
@Flow(name = "orders", topology = {
    "orders |> validate |> domestic |> ledger |> summary",
    "validate |> international |> ledger"
})
public class Orders {

  /** The setting that names the smallest valid quantity. */
  public static final String MIN_QUANTITY = "orders.min-quantity";

  /** The setting that names the CSV file of orders. */
  public static final String FILE = "orders.file";

  private final int minQuantity;
  private final Path file;

  /** Reads {@value #MIN_QUANTITY} and {@value #FILE}, both optional. */
  public Orders(FlowSettings settings) {
    this.minQuantity = settings.getInt(MIN_QUANTITY, 1);
    if (minQuantity < 1) {
      throw new IllegalArgumentException("setting '" + MIN_QUANTITY + "' = " + minQuantity
          + ": a quantity must be at least 1");
    }
    this.file = settings.getPath(FILE, null);
  }

  @Stage
  Source<Order> orders() {
    return Sources.csv(file != null ? file : SampleData.file("orders.csv"), Order.class);
  }

  /** Rejects orders below the minimum quantity or with an unknown currency; prices the rest. */
  @Stage
  Transform<Order, PricedOrder> validate() {
    return (order, out) -> {
      if (order.quantity() < minQuantity) {
        throw new StageException(ErrorKind.VALIDATION, "order " + order.orderId() + ": quantity must be "
            + (minQuantity == 1 ? "positive" : "at least " + minQuantity) + ", got " + order.quantity());
      }
      if (!Rates.known(order.currency())) {
        throw new StageException(ErrorKind.VALIDATION,
            "order " + order.orderId() + ": unknown currency " + order.currency());
      }
      out.emit(new PricedOrder(order, Math.multiplyExact(order.unitPriceMinor(), (long) order.quantity())));
    };
  }

  /** USD orders, as they are. */
  @Stage
  Transform<PricedOrder, LedgerEntry> domestic() {
    return (p, out) -> {
      if (p.domestic()) {
        out.emit(new LedgerEntry(p.order().orderId(), p.order().region(), "domestic", p.totalMinor()));
      }
    };
  }

  /** Other currencies, converted to US cents. */
  @Stage
  Transform<PricedOrder, LedgerEntry> international() {
    return (p, out) -> {
      if (!p.domestic()) {
        long cents = Rates.toUsdCents(p.order().currency(), p.totalMinor()).orElseThrow();
        out.emit(new LedgerEntry(p.order().orderId(), p.order().region(), "international", cents));
      }
    };
  }

  /** Fan-in of both branches: totals per region, emitted at end of input in region order. */
  @Stage
  Transform<LedgerEntry, RegionTotal> ledger() {
    Map<String, long[]> totals = new TreeMap<>();
    return new Transform<>() {
      @Override
      public void process(LedgerEntry e, Emitter<RegionTotal> out) {
        long[] t = totals.computeIfAbsent(e.region(), r -> new long[3]);
        t[0]++;
        t[e.channel().equals("domestic") ? 1 : 2] += e.usdCents();
      }

      @Override
      public void drain(Emitter<RegionTotal> out) {
        totals.forEach((region, t) -> out.emit(new RegionTotal(region, t[0], t[1], t[2])));
      }
    };
  }

  @Stage
  Sink<RegionTotal> summary() {
    return t -> System.out.printf("%-6s %5d orders  domestic %,14.2f  international %,14.2f  total %,14.2f USD%n",
        t.region(), t.orders(), t.domesticCents() / 100.0, t.internationalCents() / 100.0, t.totalCents() / 100.0);
  }
}

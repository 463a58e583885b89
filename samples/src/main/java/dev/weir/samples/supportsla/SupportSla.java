package dev.weir.samples.supportsla;

import dev.weir.api.Aggregations;
import dev.weir.api.ErrorKind;
import dev.weir.api.Join;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.flow.FlowSettings;
import dev.weir.samples.SampleData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Support tickets against their SLA: the tickets of {@code tickets.csv} are joined with their
 * customer's tier from {@code sla-tiers.csv} (read first: a FINITE join), measured against the hours
 * the tier promises for the ticket's priority, written to a CSV file (replaced atomically at the
 * end of the run), and counted per tier for the printed summary. A row of {@code tickets.csv} that
 * cannot be read lands in the source's error journal ({@code DESERIALIZATION}, naming the file and
 * the line), a ticket of a customer without a tier in {@code withTier}'s, and a ticket with an
 * unknown priority or a response before its opening in {@code assess}'s.
 *
 * <p>Setting: {@code support-sla.out}, the CSV file to write (default {@code support-sla.csv} in
 * the working directory).
 */
@Flow(name = "support_sla", topology = {
    "tickets |> withTier |> assess |> report",
    "assess |> perTier |> summary"
})
public class SupportSla {

  /** The setting that names the output CSV file. */
  public static final String OUT = "support-sla.out";

  private final Path out;

  /** Reads {@value #OUT}, optional. */
  public SupportSla(FlowSettings settings) {
    this.out = settings.getPath(OUT, Path.of("support-sla.csv")).toAbsolutePath();
  }

  @Stage
  Source<SlaTier> tiers() {
    return Sources.csv(SampleData.file("sla-tiers.csv"), SlaTier.class);
  }

  @Stage
  Source<Ticket> tickets() {
    return Sources.csv(SampleData.file("tickets.csv"), Ticket.class);
  }

  /** Each ticket with its customer's tier; a customer without one is an error for that ticket. */
  @Stage(reference = "tiers")
  Join<SlaTier, Ticket, TieredTicket> withTier() {
    return Joins.left(SlaTier::customer, Ticket::customer, (Optional<SlaTier> tier, Ticket t) -> new TieredTicket(t,
        tier.orElseThrow(() -> new IllegalArgumentException("ticket " + t.ticket() + ": customer '" + t.customer()
            + "' has no SLA tier in sla-tiers.csv"))));
  }

  /** When the first response was due, and whether it came in time. */
  @Stage
  Transform<TieredTicket, SlaResult> assess() {
    return (tt, emitter) -> {
      Ticket t = tt.ticket();
      int hours = switch (t.priority()) {
        case "urgent" -> tt.tier().urgentHours();
        case "normal" -> tt.tier().normalHours();
        default -> throw new StageException(ErrorKind.VALIDATION, "ticket " + t.ticket() + ": priority '"
            + t.priority() + "' is neither urgent nor normal");
      };
      Instant due = t.openedAt().plus(Duration.ofHours(hours));
      Long minutes = null;
      SlaStatus status = SlaStatus.OPEN;
      if (t.respondedAt() != null) {
        if (t.respondedAt().isBefore(t.openedAt())) {
          throw new StageException(ErrorKind.VALIDATION, "ticket " + t.ticket() + ": responded at " + t.respondedAt()
              + ", before it was opened at " + t.openedAt());
        }
        minutes = Duration.between(t.openedAt(), t.respondedAt()).toMinutes();
        status = t.respondedAt().isAfter(due) ? SlaStatus.BREACHED : SlaStatus.MET;
      }
      emitter.emit(new SlaResult(t.ticket(), t.customer(), tt.tier().tier(), t.priority(), t.openedAt(), due,
          t.respondedAt(), minutes, status));
    };
  }

  /** Every assessed ticket, one row each, in ticket order. */
  @Stage
  Sink<SlaResult> report() {
    return Sinks.csv(out, SlaResult.class);
  }

  /** Tickets per tier, at end of input, in the order the tiers first appear. */
  @Stage
  Stateful<SlaResult, ?, TierSummary> perTier() {
    return Aggregations.groupBy(SlaResult::tier, TierSummary::empty, TierSummary::add);
  }

  /** The summary table, with where the rows went. */
  @Stage
  Sink<TierSummary> summary() {
    PrintStream console = System.out;
    boolean[] header = {false};
    return s -> {
      if (!header[0]) {
        header[0] = true;
        console.printf("SLA per tier (every ticket in %s):%n", out);
        console.printf("%-12s %8s %6s %9s %6s %10s%n", "tier", "tickets", "met", "breached", "open", "breached %");
      }
      console.printf("%-12s %8d %6d %9d %6d %9.1f%%%n", s.tier(), s.tickets(), s.met(), s.breached(), s.open(),
          s.breachedPercent());
    };
  }
}

package dev.weir.samples.flights;

import dev.weir.api.Aggregations;
import dev.weir.api.ErrorKind;
import dev.weir.api.Join;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.samples.SampleData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Flight delays per carrier: flights are validated, put in delay bands, joined with their
 * carrier's name (the carriers load first: a FINITE join), counted per carrier, and printed as a
 * table. Flights of carriers missing from the reference are dropped by the inner join; corrupt
 * delays land in {@code validate}'s error journal.
 */
@Flow(name = "flight_delays", topology = {"flights |> validate |> categorize |> enrich |> perCarrier |> report"})
public class FlightDelays {

  /** The smallest delay a valid flight can have: an hour early. */
  static final int EARLIEST = -60;

  @Stage
  Source<Carrier> carriers() {
    return Sources.csv(SampleData.file("carriers.csv"), Carrier.class);
  }

  @Stage
  Source<FlightRecord> flights() {
    return Sources.csv(SampleData.file("flights.csv"), FlightRecord.class);
  }

  @Stage
  Transform<FlightRecord, FlightRecord> validate() {
    return (f, out) -> {
      if (f.delayMinutes() < EARLIEST) {
        throw new StageException(ErrorKind.VALIDATION,
            "flight " + f.flightId() + ": delay " + f.delayMinutes() + " min is not plausible");
      }
      out.emit(f);
    };
  }

  @Stage
  Transform<FlightRecord, CategorizedFlight> categorize() {
    return Transforms.map(f -> new CategorizedFlight(f, DelayCategory.of(f.delayMinutes())));
  }

  @Stage(reference = "carriers")
  Join<Carrier, CategorizedFlight, EnrichedFlight> enrich() {
    return Joins.inner(Carrier::code, CategorizedFlight::carrier, EnrichedFlight::of);
  }

  @Stage
  Stateful<EnrichedFlight, ?, CarrierStats> perCarrier() {
    return Aggregations.groupBy(EnrichedFlight::carrier, CarrierStats::empty, CarrierStats::add);
  }

  /** Prints one row per carrier, worst average delay first, at end of input. */
  @Stage
  Sink<CarrierStats> report() {
    List<CarrierStats> rows = new ArrayList<>();
    return new Sink<>() {
      @Override
      public void consume(CarrierStats s) {
        rows.add(s);
      }

      @Override
      public void flush() {
        rows.sort(Comparator.comparingDouble(CarrierStats::averageDelay).reversed());
        System.out.printf("%-20s %8s %10s %10s %9s%n", "carrier", "flights", "avg delay", "max delay", "on time");
        for (CarrierStats s : rows) {
          System.out.printf("%-20s %8d %8.1f m %8d m %8.1f%%%n", s.carrier(), s.flights(), s.averageDelay(),
              s.maxDelayMinutes(), s.onTimePercent());
        }
      }
    };
  }
}

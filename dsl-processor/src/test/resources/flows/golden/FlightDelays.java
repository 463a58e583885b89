package flows.golden;

import dev.weir.api.AsyncTransform;
import dev.weir.api.Emitter;
import dev.weir.api.Join;
import dev.weir.api.Joins;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.api.Transform;
import dev.weir.api.Transforms;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

@Flow(name = "flight_delays", maxIterations = 5, bufferSize = 256, topology = {
    "flights |> validate |> enrich |> perCarrier |> report",
    "validate |> repair",
    "validate <| repair",
    "enrich |> tags |> tagLog"
})
public class FlightDelays {

  @Stage
  Source<Carrier> carriers() {
    return Sources.of(new Carrier("AA", "American"), new Carrier("UA", "United"));
  }

  @Stage
  Source<FlightRecord> flights() {
    return Sources.of(new FlightRecord("AA", 10), new FlightRecord("UA", -3));
  }

  @Stage
  Transform<FlightRecord, FlightRecord> validate() {
    return Transforms.filter(f -> f.delayMinutes() >= 0);
  }

  @Stage
  Transform<FlightRecord, FlightRecord> repair() {
    return Transforms.map(f -> new FlightRecord(f.carrier(), Math.abs(f.delayMinutes())));
  }

  @Stage(reference = "carriers")
  Join<Carrier, FlightRecord, EnrichedFlight> enrich() {
    return Joins.inner(Carrier::code, FlightRecord::carrier, EnrichedFlight::of);
  }

  @Stage
  Stateful<EnrichedFlight, ?, CarrierStats> perCarrier() {
    return new Stateful<EnrichedFlight, Map<String, CarrierStats>, CarrierStats>() {
      @Override
      public Map<String, CarrierStats> initial() {
        return new TreeMap<>();
      }

      @Override
      public Map<String, CarrierStats> accumulate(Map<String, CarrierStats> state, EnrichedFlight in) {
        state.merge(in.carrier(), new CarrierStats(in.carrier(), 1, in.delayMinutes()),
            (a, b) -> new CarrierStats(a.carrier(), a.flights() + 1, a.delayMinutes() + b.delayMinutes()));
        return state;
      }

      @Override
      public void emit(Map<String, CarrierStats> state, Emitter<CarrierStats> out) {
        state.values().forEach(out::emit);
      }
    };
  }

  @Stage
  AsyncTransform<EnrichedFlight, List<String>> tags() {
    return f -> CompletableFuture.completedFuture(List.of(f.carrier(), f.carrierName()));
  }

  @Stage
  Sink<CarrierStats> report() {
    return Sinks.discard();
  }

  @Stage(name = "tagLog")
  Sink<List<String>> logTags() {
    return Sinks.discard();
  }
}

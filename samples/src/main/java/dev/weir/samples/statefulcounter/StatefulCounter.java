package dev.weir.samples.statefulcounter;

import dev.weir.api.EmitPolicy;
import dev.weir.api.Emitter;
import dev.weir.api.Sink;
import dev.weir.api.Source;
import dev.weir.api.Sources;
import dev.weir.api.Stateful;
import dev.weir.dsl.Flow;
import dev.weir.dsl.Stage;
import dev.weir.flow.FlowSettings;
import dev.weir.samples.SampleData;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The smallest stateful flow: counts events per kind. The {@code counter} stage is a hand-written
 * {@link Stateful}: its state, a map from kind to count, belongs to the runtime, which passes it to
 * {@code accumulate} with each event and to {@code emit} when the emit policy says so:
 * {@code everyN(10).thenKeep()}, after every 10 events, keeping the counts (running totals), and
 * once more at end of input.
 *
 * <p>Setting ({@code --set key=value}): {@value #EVERY}, the events between two emits (default
 * {@value #DEFAULT_EVERY}); 1 emits after every event ({@code EmitPolicy.always()}).
 */
@Flow(name = "stateful_counter", topology = {"events |> counter |> print"})
public class StatefulCounter {

  /** The setting that names how many events pass between two emits. */
  public static final String EVERY = "stateful-counter.every";

  /** Events between two emits by default. */
  public static final int DEFAULT_EVERY = 10;

  private final int every;

  /** Reads {@value #EVERY}, optional. */
  public StatefulCounter(FlowSettings settings) {
    this.every = settings.getInt(EVERY, DEFAULT_EVERY);
    if (every < 1) {
      throw new IllegalArgumentException("setting '" + EVERY + "' = " + every + ": emit after at least 1 event");
    }
  }

  @Stage
  Source<Event> events() {
    return Sources.csv(SampleData.file("events.csv"), Event.class);
  }

  /** Counts per kind; emits the running counts after every {@link #every} events and at the end. */
  @Stage
  Stateful<Event, Map<String, Long>, Counts> counter() {
    return new Stateful<>() {
      @Override
      public Map<String, Long> initial() {
        return new TreeMap<>(); // kinds sorted, so that every emit lists them in the same order
      }

      @Override
      public Map<String, Long> accumulate(Map<String, Long> counts, Event event) {
        counts.merge(event.kind(), 1L, Long::sum);
        return counts;
      }

      @Override
      public void emit(Map<String, Long> counts, Emitter<Counts> out) {
        long events = counts.values().stream().mapToLong(Long::longValue).sum();
        out.emit(new Counts(events, new TreeMap<>(counts))); // a copy: the state goes on changing
      }

      @Override
      public EmitPolicy policy() {
        return (every == 1 ? EmitPolicy.always() : EmitPolicy.everyN(every)).thenKeep();
      }
    };
  }

  @Stage
  Sink<Counts> print() {
    return c -> System.out.println("after " + c.events() + " events: " + c.perKind().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
  }
}

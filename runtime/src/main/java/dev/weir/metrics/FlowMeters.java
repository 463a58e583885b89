package dev.weir.metrics;

import dev.weir.api.ErrorKind;
import dev.weir.flow.EdgeStatus;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import dev.weir.flow.FlowStatus;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageState;
import dev.weir.flow.StageStatus;
import dev.weir.journal.Journal;
import dev.weir.journal.RunJournals;
import dev.weir.journal.WeirVersion;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.weir.engine.ProcessingTimes;
import dev.weir.engine.EngineAccess;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.ToDoubleFunction;

/**
 * A run's meters in a Micrometer registry. Every meter reads the run's {@link FlowStatus}, taken
 * at most every {@value #FRESH_MILLIS} ms, so metering costs the stages nothing: they publish
 * their counts once per batch whether or not anything reads them. Names as Prometheus shows them:
 *
 * <ul>
 *   <li>per stage ({@code flow}, {@code stage}, {@code kind}): {@code weir_stage_events_received_total},
 *       {@code weir_stage_events_emitted_total}, {@code weir_stage_blocked_seconds_total} (waiting on a
 *       full output ring), {@code weir_stage_ring_occupancy}, {@code weir_stage_state} (1 for the
 *       stage's {@code state}, 0 for the others); {@code weir_stage_errors_total} ({@code flow},
 *       {@code stage}, {@code kind} = the {@link ErrorKind}, one series per kind);
 *   <li>per edge ({@code flow}, {@code from}, {@code to}): {@code weir_edge_lag_events},
 *       {@code weir_contract_checks_total} (+ {@code contract="transport"}, {@code result});
 *   <li>per stage but a source: {@code weir_stage_processing_seconds}, a histogram of the time each
 *       input took to handle (with {@code _bucket} series in a Prometheus registry, count and sum in
 *       others: the stage thread reads the clock around each input, only once a registry meters the
 *       run);
 *   <li>per stage with middleware ({@code flow}, {@code stage}, {@code kind}): {@code weir_stage_retries_total},
 *       {@code weir_stage_fallbacks_total}, {@code weir_stage_rate_limit_wait_seconds_total},
 *       {@code weir_stage_breaker_state} (+ {@code state}: {@code closed}, {@code open}, {@code half-open}),
 *       {@code weir_stage_breaker_transitions_total} (+ {@code to}, the state moved into);
 *   <li>per journal ({@code flow}, {@code journal}, e.g. {@code validate.data}):
 *       {@code weir_journal_bytes_written_total}; per flow: {@code weir_journal_sync_seconds}, a histogram of
 *       the disk journals' syncs;
 *   <li>per flow: {@code weir_flow_state} (1 for its {@code state}), {@code weir_flow_uptime_seconds},
 *       {@code weir_build_info} ({@code version}, value 1).
 * </ul>
 *
 * <p>A later run of the same flow in the same registry replaces the meters of the earlier one.
 */
public final class FlowMeters {

  /** How old a status the meters may read, so that one scrape takes one snapshot. */
  static final long FRESH_MILLIS = 100;

  /**
   * Micrometer holds a meter's object weakly: the meters of each flow are kept here, strongly, for as
   * long as their registry lives (until a later run of the flow replaces them).
   */
  private static final Map<MeterRegistry, Map<String, FlowMeters>> KEPT = new WeakHashMap<>();

  private final FlowHandle handle;
  /** Under a Prometheus registry: the processing histograms, registered with it directly. */
  private ProcessingHistograms histograms;
  private FlowStatus status;
  private long takenAt;

  private FlowMeters(FlowHandle handle) {
    this.handle = handle;
  }

  /**
   * Registers the meters of {@code handle}'s run in {@code registry}, replacing those of an earlier
   * run of the flow there; returns them.
   */
  public static List<Meter> bind(MeterRegistry registry, FlowHandle handle) {
    FlowMeters meters = new FlowMeters(handle);
    FlowMeters earlier;
    synchronized (KEPT) {
      earlier = KEPT.computeIfAbsent(registry, r -> new HashMap<>()).put(handle.flowName(), meters);
    }
    if (earlier != null && earlier.histograms != null && registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().unregister(earlier.histograms);
    }
    return meters.register(registry);
  }

  private synchronized FlowStatus status() {
    long now = System.currentTimeMillis();
    if (status == null || now - takenAt >= FRESH_MILLIS || status.state().isTerminal() != handle.state().isTerminal()) {
      status = handle.status();
      takenAt = now;
    }
    return status;
  }

  private List<Meter> register(MeterRegistry registry) {
    String flow = handle.flowName();
    for (Meter.Id id : registry.getMeters().stream().map(Meter::getId).toList()) {
      if (id.getName().startsWith("weir.") && flow.equals(id.getTag("flow"))) {
        registry.remove(id); // an earlier run's meters: same names and tags, other functions
      }
    }
    List<Meter> out = new ArrayList<>();
    Tags flowTags = Tags.of("flow", flow);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      histograms = new ProcessingHistograms();
      prometheus.getPrometheusRegistry().register(histograms);
    }
    for (StageDefinition s : handle.definition().stages()) {
      String name = s.name();
      Tags tags = flowTags.and("stage", name, "kind", s.kind().name().toLowerCase(Locale.ROOT));
      out.add(counter(registry, "weir.stage.events.received", null, tags, f -> stage(f, name).received(),
          "data events the stage read from its inputs"));
      out.add(counter(registry, "weir.stage.events.emitted", null, tags, f -> stage(f, name).emitted(),
          "data events the stage wrote (a sink: receipts)"));
      out.add(counter(registry, "weir.stage.blocked", "seconds", tags, f -> stage(f, name).blockedNanos() / 1e9,
          "time the stage waited for room in its full output ring (backpressure)"));
      out.add(gauge(registry, "weir.stage.ring.occupancy", null, tags, f -> stage(f, name).ringOccupancy(),
          "events in the stage's output ring not yet read by every reader"));
      for (StageState st : StageState.values()) {
        out.add(gauge(registry, "weir.stage.state", null, tags.and("state", st.name()),
            f -> stage(f, name).state() == st ? 1 : 0, "1 for the stage's state, 0 for the others"));
      }
      if (!handle.definition().middleware(name).isEmpty()) {
        out.add(counter(registry, "weir.stage.retries", null, tags, f -> stage(f, name).retries(),
            "attempts the stage's middleware made again after a transient failure"));
        out.add(counter(registry, "weir.stage.fallbacks", null, tags, f -> stage(f, name).fallbacks(),
            "inputs the stage's circuit breaker fallback answered"));
        out.add(counter(registry, "weir.stage.rate.limit.wait", "seconds", tags,
            f -> stage(f, name).rateLimitWaitNanos() / 1e9, "time the stage's rate limit held events back"));
        boolean breaker = handle.definition().middleware(name).stream()
            .anyMatch(e -> e.policy() instanceof dev.weir.flow.CircuitBreakerPolicy);
        for (String st : breaker ? new String[] {"closed", "open", "half-open"} : new String[0]) {
          out.add(gauge(registry, "weir.stage.breaker.state", null, tags.and("state", st),
              f -> stage(f, name).breaker().equals(st) ? 1 : 0, "1 for the breaker's state, 0 for the others"));
          out.add(counter(registry, "weir.stage.breaker.transitions", null, tags.and("to", st),
              f -> stage(f, name).breakerTransitions().getOrDefault(st, 0L), "moves of the breaker into a state"));
        }
      }
      if (s.kind() != dev.weir.flow.StageKind.SOURCE) {
        ProcessingTimes times = EngineAccess.timeProcessing(handle, name);
        if (times == null) {
          // not a run of this engine: no processing times to show
        } else if (histograms != null) {
          histograms.add(flow, name, s.kind().name().toLowerCase(Locale.ROOT), times);
        } else { // another registry than Prometheus: the count and the total time
          out.add(FunctionTimer.builder("weir.stage.processing", this, m -> times.count(), m -> times.sumNanos(),
              TimeUnit.NANOSECONDS).tags(tags).description("time the stage took to handle one input")
              .register(registry));
        }
      }
      Tags errorTags = flowTags.and("stage", name);
      for (ErrorKind k : ErrorKind.values()) {
        out.add(counter(registry, "weir.stage.errors", null, errorTags.and("kind", k.name()),
            f -> stage(f, name).errorsByKind().getOrDefault(k, 0L), "inputs the stage sent to its error journal"));
      }
    }
    List<EdgeStatus> edges = handle.status().edges();
    for (int i = 0; i < edges.size(); i++) {
      int at = i;
      EdgeStatus e = edges.get(i);
      Tags tags = flowTags.and("from", e.from(), "to", e.to());
      out.add(gauge(registry, "weir.edge.lag", "events", tags, f -> f.edges().get(at).lag(),
          "events the writer journaled that the reader has not read yet"));
      Tags contract = tags.and("contract", "transport");
      out.add(counter(registry, "weir.contract.checks", null, contract.and("result", "passed"),
          f -> f.edges().get(at).contractChecks() - f.edges().get(at).contractFailures(), "contract checks"));
      out.add(counter(registry, "weir.contract.checks", null, contract.and("result", "failed"),
          f -> f.edges().get(at).contractFailures(), "contract checks"));
    }
    if (handle.journals() instanceof RunJournals journals) {
      List<Journal> all = new ArrayList<>();
      for (StageDefinition s : handle.definition().stages()) {
        all.add(journals.data(s.name()));
        all.add(journals.errors(s.name()));
        journals.order(s.name()).ifPresent(all::add);
      }
      all.add(journals.system());
      Timer syncs = null;
      if (journals.directory().isPresent()) { // disk journals: they sync
        syncs = Timer.builder("weir.journal.sync").tags(flowTags).publishPercentileHistogram()
            .description("time each sync of a disk journal took (fdatasync)").register(registry);
        out.add(syncs);
      }
      Timer timer = syncs;
      for (Journal j : all) {
        out.add(FunctionCounter.builder("weir.journal.bytes.written", this, m -> j.bytesWritten())
            .tags(flowTags.and("journal", j.id()))
            .description("bytes the journal wrote: frames to disk, payloads in memory").register(registry));
        if (timer != null) {
          j.timeSyncs(nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
        }
      }
    }
    for (FlowState st : FlowState.values()) {
      out.add(gauge(registry, "weir.flow.state", null, flowTags.and("state", st.name()), f -> f.state() == st ? 1 : 0,
          "1 for the flow's state, 0 for the others"));
    }
    out.add(Gauge.builder("weir.flow.uptime", this, m -> m.status().elapsedMillis() / 1e3).tags(flowTags)
        .baseUnit("seconds").description("time since the run was built, until it ended").register(registry));
    out.add(Gauge.builder("weir.build.info", () -> 1).tags(flowTags.and("version", WeirVersion.VALUE))
        .description("the Weir version running the flow").register(registry));
    return out;
  }

  private static StageStatus stage(FlowStatus f, String name) {
    return f.stage(name).orElseThrow();
  }

  private Meter counter(MeterRegistry registry, String name, String unit, Tags tags, ToDoubleFunction<FlowStatus> value,
      String description) {
    return FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.status())).tags(tags).baseUnit(unit)
        .description(description).register(registry);
  }

  private Meter gauge(MeterRegistry registry, String name, String unit, Tags tags, ToDoubleFunction<FlowStatus> value,
      String description) {
    return Gauge.builder(name, this, m -> value.applyAsDouble(m.status())).tags(tags).baseUnit(unit)
        .description(description).register(registry);
  }
}

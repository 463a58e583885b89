package dev.weir.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import dev.weir.journal.WeirVersion;
import dev.weir.testing.Await;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every metric family a run registers, read the way Prometheus reads it: from the text a scrape returns. */
class FlowMetersTest {

  private static final ElementType LONG = ElementType.of(Long.class);

  private static FlowDefinition flow(CountDownLatch release) {
    Transform<Long, Long> validate = (n, out) -> {
      if (n % 10 == 0) {
        throw new StageException(ErrorKind.VALIDATION, "a multiple of ten: " + n);
      }
      if (n % 10 == 5) {
        throw new IllegalStateException("five: " + n); // classified UNKNOWN
      }
      out.emit(n);
    };
    Sink<Long> sink = n -> release.await();
    return FlowDefinition.define("metered")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(5_000, n -> n + 1)))
        .stage(StageDefinition.transform("validate", StageKind.TRANSFORM, LONG, LONG, f -> validate))
        .stage(StageDefinition.sink("out", LONG, f -> sink))
        .chain("numbers", "validate", "out")
        .build();
  }

  /** The value of the one series of {@code name} whose labels include every {@code label="value"} given. */
  static double value(String scrape, String name, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
    Double found = null;
    while (m.find()) {
      String have = m.group(1);
      boolean all = true;
      for (String l : labels) {
        all &= have.contains(l);
      }
      if (all) {
        assertThat(found).as("more than one series of " + name + " with " + String.join(",", labels)).isNull();
        found = Double.parseDouble(m.group(2));
      }
    }
    assertThat(found).as("no series of " + name + " with " + String.join(",", labels) + " in\n" + scrape).isNotNull();
    return found;
  }

  @Test
  void aRun_fillsEveryFamily_whileItRunsAndAfterItEnded() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch release = new CountDownLatch(1);
    FlowHandle h = flow(release).builder().meterRegistry(registry).start();
    try {
      Await.until("the held sink backs up validate", () -> h.status().edges().get(1).lag() > 0);
      System.gc(); // the meters must survive a collection: Micrometer holds their objects weakly
      String[] scraped = new String[1];
      Await.until("the meters show the backlog", () -> // once their snapshot, at most FRESH_MILLIS old, has it
          (scraped[0] = registry.scrape()).matches("(?s).*weir_edge_lag_events\\{flow=\"metered\",from=\"validate\","
              + "to=\"out\"\\} [1-9].*"));
      String running = scraped[0];
      assertThat(value(running, "weir_flow_state", "flow=\"metered\"", "state=\"RUNNING\"")).isEqualTo(1);
      assertThat(value(running, "weir_stage_state", "stage=\"out\"", "state=\"RUNNING\"")).isEqualTo(1);
      assertThat(value(running, "weir_edge_lag_events", "from=\"validate\"", "to=\"out\"")).isPositive();
      assertThat(value(running, "weir_stage_ring_occupancy", "stage=\"validate\"")).isPositive();
      assertThat(value(running, "weir_stage_events_emitted_total", "stage=\"out\"")).isZero();

      release.countDown();
      FlowResult r = h.await();
      assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
      String done = registry.scrape();

      assertThat(value(done, "weir_stage_events_emitted_total", "flow=\"metered\"", "stage=\"numbers\"",
          "kind=\"source\"")).isEqualTo(5_000);
      assertThat(value(done, "weir_stage_events_received_total", "stage=\"validate\"", "kind=\"transform\""))
          .isEqualTo(5_000);
      assertThat(value(done, "weir_stage_events_emitted_total", "stage=\"validate\"")).isEqualTo(4_000);
      assertThat(value(done, "weir_stage_events_emitted_total", "stage=\"out\"", "kind=\"sink\"")).isEqualTo(4_000);
      assertThat(value(done, "weir_stage_errors_total", "stage=\"validate\"", "kind=\"VALIDATION\"")).isEqualTo(500);
      assertThat(value(done, "weir_stage_errors_total", "stage=\"validate\"", "kind=\"UNKNOWN\"")).isEqualTo(500);
      assertThat(value(done, "weir_stage_errors_total", "stage=\"validate\"", "kind=\"TIMEOUT\"")).isZero();
      assertThat(value(done, "weir_stage_errors_total", "stage=\"out\"", "kind=\"VALIDATION\"")).isZero();
      assertThat(value(done, "weir_stage_blocked_seconds_total", "stage=\"validate\"")).isPositive();
      assertThat(value(done, "weir_stage_ring_occupancy", "stage=\"validate\"")).isZero();
      assertThat(value(done, "weir_stage_state", "stage=\"validate\"", "state=\"COMPLETED\"")).isEqualTo(1);
      assertThat(value(done, "weir_stage_state", "stage=\"validate\"", "state=\"RUNNING\"")).isZero();
      assertThat(value(done, "weir_edge_lag_events", "from=\"numbers\"", "to=\"validate\"")).isZero();
      assertThat(value(done, "weir_contract_checks_total", "from=\"validate\"", "to=\"out\"", "contract=\"transport\"",
          "result=\"passed\"")).isEqualTo(1);
      assertThat(value(done, "weir_contract_checks_total", "from=\"validate\"", "to=\"out\"", "result=\"failed\""))
          .isZero();
      assertThat(value(done, "weir_flow_state", "state=\"COMPLETED\"")).isEqualTo(1);
      assertThat(value(done, "weir_flow_state", "state=\"RUNNING\"")).isZero();
      assertThat(value(done, "weir_flow_uptime_seconds", "flow=\"metered\"")).isEqualTo(r.elapsed().toMillis() / 1e3);
      assertThat(value(done, "weir_build_info", "version=\"" + WeirVersion.VALUE + "\"")).isEqualTo(1);
      assertThat(value(done, "weir_journal_bytes_written_total", "journal=\"validate.data\"")).isPositive();
      assertThat(value(done, "weir_journal_bytes_written_total", "journal=\"system\"")).isPositive();
      assertThat(done).as("memory journals never sync: no sync histogram").doesNotContain("weir_journal_sync_seconds");
      assertThat(value(done, "weir_stage_processing_seconds_count", "stage=\"validate\"")).isEqualTo(5_000);
      assertThat(value(done, "weir_stage_processing_seconds_count", "stage=\"out\"")).isEqualTo(4_000);
      assertThat(value(done, "weir_stage_processing_seconds_sum", "stage=\"out\"")).as("the held sink waited")
          .isPositive();
      assertThat(value(done, "weir_stage_processing_seconds_bucket", "stage=\"validate\"", "le=\"+Inf\""))
          .isEqualTo(5_000);
      assertThat(done).containsPattern("weir_stage_processing_seconds_bucket\\{[^}]*stage=\"validate\"[^}]*le=\"0\\.0")
          .doesNotContain("weir_stage_processing_seconds_count{flow=\"metered\",kind=\"source\"");
    } finally {
      release.countDown();
      h.close();
    }
  }

  @Test
  void aStageWithMiddleware_hasItsRetriesFallbacksLimiterWaitAndBreakerState() throws Exception {
    java.util.Map<Long, java.util.concurrent.atomic.AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
    Transform<Long, Long> remote = (n, out) -> {
      int call = calls.computeIfAbsent(n, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      if (n < 10 && call == 1) {
        throw new java.io.IOException("hiccup " + n); // transient: retried once, then it works
      }
      if (n >= 40) {
        throw new java.io.IOException("down for " + n); // the breaker opens; its fallback answers
      }
      out.emit(n);
    };
    dev.weir.flow.CircuitBreakerPolicy breaker = new dev.weir.flow.CircuitBreakerPolicy(50, 4, 4,
        java.time.Duration.ofSeconds(60), 1, java.util.Optional.empty(), 100, java.util.Optional.of("cached"),
        java.util.Optional.of((flow, in) -> -1L), dev.weir.dsl.OnOpen.DEAD_LETTER);
    FlowDefinition def = FlowDefinition.define("guarded")
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(60, n -> n)))
        .stage(StageDefinition.transform("remote", StageKind.TRANSFORM, LONG, LONG, f -> remote))
        .stage(StageDefinition.sink("out", LONG, f -> Sinks.discard()))
        .chain("numbers", "remote", "out")
        .middleware("remote", dev.weir.flow.MiddlewareEntry.stage(new dev.weir.flow.RateLimitPolicy(2_000, 1)),
            dev.weir.flow.MiddlewareEntry.stage(new dev.weir.flow.RetryPolicy(2, java.time.Duration.ofMillis(1), 1.0,
                java.time.Duration.ofMillis(1), 0.0)),
            dev.weir.flow.MiddlewareEntry.stage(breaker))
        .middleware("out", dev.weir.flow.MiddlewareEntry.stage(new dev.weir.flow.RetryPolicy(2,
            java.time.Duration.ofMillis(1), 1.0, java.time.Duration.ofMillis(1), 0.0)))
        .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    FlowResult r = def.builder().meterRegistry(registry).start().await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    String scrape = registry.scrape();
    dev.weir.flow.StageResult s = r.stage("remote");
    assertThat(s.retries()).isPositive();
    assertThat(s.fallbacks()).isPositive();
    assertThat(value(scrape, "weir_stage_retries_total", "stage=\"remote\"")).isEqualTo(s.retries());
    assertThat(value(scrape, "weir_stage_fallbacks_total", "stage=\"remote\"")).isEqualTo(s.fallbacks());
    assertThat(value(scrape, "weir_stage_rate_limit_wait_seconds_total", "stage=\"remote\"")).isPositive();
    assertThat(value(scrape, "weir_stage_breaker_state", "stage=\"remote\"", "state=\"open\"")).isEqualTo(1);
    assertThat(value(scrape, "weir_stage_breaker_state", "stage=\"remote\"", "state=\"closed\"")).isZero();
    assertThat(value(scrape, "weir_stage_breaker_transitions_total", "stage=\"remote\"", "to=\"open\"")).isEqualTo(1);
    assertThat(value(scrape, "weir_stage_breaker_transitions_total", "stage=\"remote\"", "to=\"closed\"")).isZero();
    assertThat(scrape).doesNotContain("weir_stage_retries_total{flow=\"guarded\",kind=\"source\"");
    assertThat(value(scrape, "weir_stage_retries_total", "stage=\"out\"")).isZero();
    assertThat(scrape).as("a stage without a breaker has no breaker series")
        .doesNotContainPattern("weir_stage_breaker_(state|transitions_total)\\{[^}]*stage=\"out\"");
  }

  @Test
  void aDiskRun_countsTheBytesEachJournalWrote_andTimesItsSyncs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FlowHandle h = flow(new CountDownLatch(0)).builder().meterRegistry(registry)
        .journals(dev.weir.flow.Journals.disk(dir).durability(dev.weir.flow.Durability.batch())).start();
    FlowResult r = h.await();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    String scrape = registry.scrape();

    java.nio.file.Path runDir = h.journals().directory().orElseThrow();
    for (String journal : new String[] {"numbers.data", "validate.data", "validate.errors", "out.data"}) {
      long onDisk;
      try (var files = java.nio.file.Files.list(runDir.resolve(journal))) {
        onDisk = files.filter(f -> f.toString().endsWith(".seg")).mapToLong(f -> f.toFile().length()).sum();
      }
      double written = value(scrape, "weir_journal_bytes_written_total", "journal=\"" + journal + "\"");
      assertThat(written).as(journal).isPositive().isLessThanOrEqualTo(onDisk).isGreaterThan(onDisk * 0.9);
    }
    assertThat(value(scrape, "weir_journal_sync_seconds_count", "flow=\"metered\"")).as("batch durability syncs")
        .isPositive();
    assertThat(scrape).containsPattern("weir_journal_sync_seconds_bucket\\{flow=\"metered\",le=\"");
  }

  @Test
  void aSecondRunOfTheFlow_replacesTheMetersOfTheFirst() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch open = new CountDownLatch(0);
    FlowResult first = flow(open).builder().meterRegistry(registry).start().await();
    FlowHandle second = flow(open).builder().meterRegistry(registry).start();
    second.await();

    String scrape = registry.scrape();
    assertThat(first.runId()).isNotEqualTo(second.runId());
    assertThat(value(scrape, "weir_stage_events_emitted_total", "stage=\"numbers\"")).isEqualTo(5_000);
    assertThat(registry.getMeters().stream().filter(m -> m.getId().getName().equals("weir.build.info")).count())
        .isEqualTo(1);
  }
}

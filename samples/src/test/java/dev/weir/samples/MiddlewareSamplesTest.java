package dev.weir.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.event.SystemEvent;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.MiddlewareEntry;
import dev.weir.flow.MiddlewareOrigin;
import dev.weir.flow.RateLimitPolicy;
import dev.weir.flow.RecordKind;
import dev.weir.flow.RetryPolicy;
import dev.weir.flow.StageResult;
import dev.weir.flow.TimeoutPolicy;
import dev.weir.samples.middlewaredefaults.MiddlewareDefaultsFlow;
import dev.weir.samples.paymentgateway.Authorization;
import dev.weir.samples.paymentgateway.PaymentGatewayFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The middleware samples: what the gateway's breaker and retries do, and how defaults and an override resolve. */
class MiddlewareSamplesTest {

  /** The payment-gateway sample's data, computed here: ids 0..599, every 97th from 13 on invalid. */
  private static final int PAYMENTS = 600;
  private static final long OUTAGE_FROM = 200;
  private static final long OUTAGE_TO = 320;

  @TempDir
  Path tmp;

  private static boolean invalid(long id) {
    return id % 97 == 13;
  }

  @Test
  void paymentGateway_answersEveryValidPayment_fromTheGatewayOrTheMarkedFallback() throws Exception {
    long invalid = LongStream.range(0, PAYMENTS).filter(MiddlewareSamplesTest::invalid).count();
    FlowHandle h = PaymentGatewayFlow.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    StageResult authorize = r.stage("authorize");
    assertThat(authorize.received()).isEqualTo(PAYMENTS);
    assertThat(authorize.errors()).isEqualTo(invalid).isEqualTo(7);
    assertThat(authorize.errorsByKind()).containsOnlyKeys(ErrorKind.VALIDATION);
    assertThat(h.journals().errors("authorize").deadLetters()).allMatch(d -> d.attempts() == 1); // bad data: no retry
    assertThat(authorize.emitted()).isEqualTo(PAYMENTS - invalid);
    assertThat(r.stage("settle").received()).isEqualTo(PAYMENTS - invalid);
    assertThat(authorize.retries()).isPositive();

    List<JournalRecord> answers = h.journals().data("authorize").readAll(RecordKind.DATA);
    Map<Boolean, List<Authorization>> byFallback = answers.stream().collect(Collectors.partitioningBy(
        JournalRecord::fallback, Collectors.mapping(rec -> (Authorization) rec.payload(), Collectors.toList())));
    assertThat(byFallback.get(true)).isNotEmpty().allMatch(a -> a.status().equals("DEFERRED"));
    assertThat(byFallback.get(false)).isNotEmpty().allMatch(a -> a.status().equals("APPROVED"));
    assertThat(authorize.fallbacks()).isEqualTo(byFallback.get(true).size());
    // the gateway answers no payment of its outage: each one the fallback deferred
    List<Long> deferred = byFallback.get(true).stream().map(Authorization::paymentId).toList();
    LongStream.range(OUTAGE_FROM, OUTAGE_TO).filter(id -> !invalid(id))
        .forEach(id -> assertThat(deferred).contains(id));

    List<String> transitions = h.journals().system().readAll(RecordKind.SYSTEM).stream()
        .map(rec -> (SystemEvent) rec.payload()).filter(e -> e.type() == SystemEvent.Type.BREAKER_TRANSITION)
        .map(SystemEvent::detail).toList();
    assertThat(transitions).isNotEmpty();
    assertThat(transitions.get(0)).startsWith("closed -> open");
    assertThat(transitions.get(transitions.size() - 1)).startsWith("half-open -> closed");
  }

  @Test
  void paymentGateway_summaryShowsRetriesFallbacksAndErrorsByKind() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(err), "payment-gateway", "--memory");

    assertThat(code).as(out + "\n" + err).isEqualTo(3); // completed with the invalid payments dead-lettered
    assertThat(out.toString())
        .containsPattern("stage\\s+kind\\s+received\\s+emitted\\s+errors\\s+retries\\s+fallbacks")
        .containsPattern("authorize\\s+transform\\s+600\\s+593\\s+7\\s+[1-9]\\d*\\s+[1-9]\\d*")
        .contains("errors by kind: VALIDATION 7")
        .contains("middleware (outermost first")
        .contains("@CircuitBreaker(failureRateThreshold = 50.0, slidingWindowSize = 20, minimumCalls = 10,"
            + " waitInOpen = 50ms, halfOpenCalls = 3, fallback = deferred) (stage)");
  }

  @Test
  void paymentGateway_journalCatShowsTheFallbackMark() throws Exception {
    FlowHandle h = PaymentGatewayFlow.builder().journals(dev.weir.flow.Journals.disk(tmp)).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = h.journals().directory().orElseThrow();
    StringWriter out = new StringWriter();

    int code = Samples.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "journal", "cat",
        runDir.toString(), "authorize");

    assertThat(code).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).filteredOn(l -> l.contains("\"fallback\":true")).isNotEmpty()
        .allMatch(l -> l.contains("\"status\":\"DEFERRED\""));
    assertThat(lines).filteredOn(l -> l.contains("\"status\":\"APPROVED\"")).isNotEmpty()
        .noneMatch(l -> l.contains("\"fallback\""));
  }

  @Test
  void middlewareDefaults_flowDefaultsFitEachStage_andTheStageOverrideReplacesOnlyItsKind() throws Exception {
    FlowDefinition def = MiddlewareDefaultsFlow.definition();

    assertThat(def.middleware("readings")).extracting(e -> e.policy().annotation())
        .containsExactlyInAnyOrder("@RateLimit", "@Retry"); // a source takes no @Timeout
    assertThat(def.middleware("calibrate")).allMatch(e -> e.origin() == MiddlewareOrigin.FLOW).hasSize(3);
    List<MiddlewareEntry> lookup = def.middleware("lookup");
    assertThat(lookup).hasSize(3);
    assertThat(lookup).filteredOn(e -> e.policy() instanceof RetryPolicy).singleElement().satisfies(e -> {
      assertThat(e.origin()).isEqualTo(MiddlewareOrigin.STAGE);
      assertThat(((RetryPolicy) e.policy()).maxAttempts()).isEqualTo(4);
    });
    assertThat(lookup).filteredOn(e -> e.policy() instanceof RateLimitPolicy || e.policy() instanceof TimeoutPolicy)
        .hasSize(2).allMatch(e -> e.origin() == MiddlewareOrigin.FLOW);

    FlowHandle h = MiddlewareDefaultsFlow.builder().start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(r.stage("lookup").errors()).isZero(); // four attempts: every reading passes
    assertThat(r.stage("lookup").retries()).isEqualTo(20 * 3); // every tenth of 200 readings, three failed calls each
    assertThat(r.stage("store").received()).isEqualTo(200);
  }

  @Test
  void middlewareDefaults_printsTheResolvedStacks() {
    StringWriter out = new StringWriter();
    int code = Samples.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "middleware-defaults",
        "--memory");

    assertThat(code).isZero();
    assertThat(out.toString())
        .containsPattern("lookup\\s+@RateLimit\\(perSecond = 4000.0, burst = 100\\) \\(flow\\)")
        .contains("@Retry(maxAttempts = 4, initialDelay = 2ms, multiplier = 2.0, maxDelay = 50ms, jitter = 0.0) (stage)")
        .containsPattern("calibrate\\s+@RateLimit[^\\n]*\\(flow\\)")
        .containsPattern("readings\\s+@RateLimit[^\\n]*\\(flow\\)\\n\\s+@Retry\\(maxAttempts = 2[^\\n]*\\(flow\\)\\n  calibrate");
  }
}

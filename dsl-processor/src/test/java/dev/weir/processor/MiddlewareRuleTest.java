package dev.weir.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.weir.processor.diag.Message.BREAKER_HALF_OPEN_CALLS;
import static dev.weir.processor.diag.Message.BREAKER_MINIMUM_CALLS;
import static dev.weir.processor.diag.Message.BREAKER_PERCENT;
import static dev.weir.processor.diag.Message.BREAKER_SLOW_CALL;
import static dev.weir.processor.diag.Message.BREAKER_WAIT_IN_OPEN;
import static dev.weir.processor.diag.Message.BREAKER_WINDOW;
import static dev.weir.processor.diag.Message.DURATION_FINER_THAN_NANOSECONDS;
import static dev.weir.processor.diag.Message.DURATION_SYNTAX;
import static dev.weir.processor.diag.Message.FALLBACK_AND_ON_OPEN;
import static dev.weir.processor.diag.Message.FALLBACK_ASYNC_RETURN;
import static dev.weir.processor.diag.Message.FALLBACK_GENERIC;
import static dev.weir.processor.diag.Message.FALLBACK_MISSING;
import static dev.weir.processor.diag.Message.FALLBACK_NOT_VISIBLE;
import static dev.weir.processor.diag.Message.FALLBACK_NO_OVERLOAD;
import static dev.weir.processor.diag.Message.FALLBACK_PARAMETERS;
import static dev.weir.processor.diag.Message.FALLBACK_PRIVATE;
import static dev.weir.processor.diag.Message.FALLBACK_RETURN;
import static dev.weir.processor.diag.Message.FALLBACK_SINK_RETURN;
import static dev.weir.processor.diag.Message.FALLBACK_STATIC;
import static dev.weir.processor.diag.Message.MIDDLEWARE_KIND;
import static dev.weir.processor.diag.Message.MIDDLEWARE_NOT_ON_STAGE;
import static dev.weir.processor.diag.Message.MIDDLEWARE_OUTSIDE_FLOW;
import static dev.weir.processor.diag.Message.RATE_BURST;
import static dev.weir.processor.diag.Message.RATE_PER_SECOND;
import static dev.weir.processor.diag.Message.RETRY_JITTER;
import static dev.weir.processor.diag.Message.RETRY_MAX_ATTEMPTS;
import static dev.weir.processor.diag.Message.RETRY_MAX_DELAY;
import static dev.weir.processor.diag.Message.RETRY_MULTIPLIER;
import static dev.weir.processor.diag.Message.RETRY_NEGATIVE_DELAY;
import static dev.weir.processor.diag.Message.TIMEOUT_NOT_POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.weir.processor.diag.Code;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code [WEIR-MIDDLEWARE]}: each mistake with its message and the line it points at, and the
 * closest valid cases. A file with several mistakes is compiled once; each case checks one error
 * and a separate test checks that there are no others.
 */
class MiddlewareRuleTest {

  private static final String CB_FITS = "Transform, AsyncTransform and Sink";
  private static final String RETRY_FITS = "Source, Transform, AsyncTransform and Sink";

  private static final Map<String, JavaFileObject> SOURCES = new HashMap<>();
  private static final Map<String, Compilation> COMPILED = new HashMap<>();

  private static synchronized Compilation compiled(String path) {
    return COMPILED.computeIfAbsent(path, p -> Flows.compile(source(p)));
  }

  private static synchronized JavaFileObject source(String path) {
    return SOURCES.computeIfAbsent(path, Flows::source);
  }

  private static void assertError(String path, String message, String line) {
    Compilation c = compiled(path);
    assertThat(c).failed();
    assertThat(message).startsWith(Code.MIDDLEWARE.tag() + " ");
    assertThat(c).hadErrorContaining(message).inFile(source(path)).onLineContaining(line);
  }

  private static void assertOnlyMiddlewareErrors(String path, int count) {
    Compilation c = compiled(path);
    Expect.noInternalError(c);
    assertThat(Expect.errors(c)).hasSize(count).allMatch(m -> m.startsWith(Code.MIDDLEWARE.tag()));
  }

  // --- kinds -------------------------------------------------------------------------------------

  static Stream<Arguments> kindMistakes() {
    return Stream.of(
        Arguments.of(MIDDLEWARE_KIND.format("@CircuitBreaker", "numbers", "numbers", "a Source", "@CircuitBreaker",
            CB_FITS, "numbers"), "@CircuitBreaker"),
        Arguments.of(MIDDLEWARE_KIND.format("@Timeout", "named", "named", "a Join", "@Timeout", CB_FITS, "named"),
            "@Timeout(\"2s\")"),
        Arguments.of(MIDDLEWARE_KIND.format("@Retry", "counted", "counted", "a Stateful", "@Retry", RETRY_FITS,
            "counted"), "@Retry(maxAttempts = 2)"));
  }

  @ParameterizedTest
  @MethodSource("kindMistakes")
  void middlewareOnAStageKindItDoesNotFit_isReportedAtTheAnnotation(String message, String line) {
    assertError("middleware/KindMistakes.java", message, line);
  }

  @Test
  void kindMistakes_areTheOnlyErrors_retryOnASourceAndRateLimitOnAJoinOrStatefulFit() {
    assertOnlyMiddlewareErrors("middleware/KindMistakes.java", 3);
  }

  @Test
  void flowDefaults_skipTheKindsTheyDoNotFit() {
    Expect.compiles("middleware/DefaultsSkipKinds.java", "flows.middleware.DefaultsSkipKindsFlow");
  }

  // --- values ------------------------------------------------------------------------------------

  static Stream<Arguments> valueMistakes() {
    String flow = "ValueMistakes";
    return Stream.of(
        Arguments.of(RETRY_MAX_ATTEMPTS.format("@Retry(maxAttempts = 0)", flow), "maxAttempts = 0"),
        Arguments.of(RETRY_MULTIPLIER.format("@Retry(multiplier = 0.5)", flow), "multiplier = 0.5"),
        Arguments.of(RETRY_JITTER.format("@Retry(jitter = 1.5)", flow), "jitter = 1.5"),
        Arguments.of(RATE_PER_SECOND.format("@RateLimit(perSecond = 0.0)", flow), "@RateLimit(perSecond = 0)"),
        Arguments.of(RATE_PER_SECOND.format("@RateLimit(perSecond = Infinity)", "numbers()"),
            "Double.POSITIVE_INFINITY"),
        Arguments.of(RATE_BURST.format("@RateLimit(burst = -1)", "numbers()"), "burst = -1"),
        Arguments.of(BREAKER_PERCENT.format("@CircuitBreaker(failureRateThreshold = 0.0)", "doubled()",
            "failureRateThreshold"), "failureRateThreshold = 0,"),
        Arguments.of(BREAKER_WINDOW.format("@CircuitBreaker(slidingWindowSize = 0)", "doubled()"),
            "slidingWindowSize = 0"),
        Arguments.of(BREAKER_MINIMUM_CALLS.format("@CircuitBreaker(minimumCalls = -3)", "doubled()"),
            "minimumCalls = -3"),
        Arguments.of(BREAKER_HALF_OPEN_CALLS.format("@CircuitBreaker(halfOpenCalls = 0)", "doubled()"),
            "halfOpenCalls = 0"),
        Arguments.of(BREAKER_PERCENT.format("@CircuitBreaker(slowCallRateThreshold = 100.5)", "doubled()",
            "slowCallRateThreshold"), "slowCallRateThreshold = 100.5"),
        Arguments.of(RETRY_MULTIPLIER.format("@Retry(multiplier = NaN)", "doubled()"), "Double.NaN"),
        Arguments.of(BREAKER_PERCENT.format("@CircuitBreaker(failureRateThreshold = -1.0)", "tripled()",
            "failureRateThreshold"), "failureRateThreshold = -1"));
  }

  @ParameterizedTest
  @MethodSource("valueMistakes")
  void valueOutOfRange_isReportedAtTheValue(String message, String line) {
    assertError("middleware/ValueMistakes.java", message, line);
  }

  @Test
  void valueMistakes_areTheOnlyErrors() {
    assertOnlyMiddlewareErrors("middleware/ValueMistakes.java", 13);
  }

  static Stream<Arguments> durationMistakes() {
    return Stream.of(
        Arguments.of(TIMEOUT_NOT_POSITIVE.format("@Timeout(\"0ms\")", "DurationMistakes"), "@Timeout(\"0ms\")"),
        Arguments.of(DURATION_SYNTAX.format("@Retry(initialDelay = \"100 ms\")", "numbers()"), "\"100 ms\""),
        Arguments.of(DURATION_FINER_THAN_NANOSECONDS.format("@Retry(maxDelay = \"1.5ns\")", "numbers()"),
            "\"1.5ns\""),
        Arguments.of(RETRY_MAX_DELAY.format("a()", "500ms", "2s"), "maxDelay = \"500ms\")"),
        Arguments.of(BREAKER_WAIT_IN_OPEN.format("@CircuitBreaker(waitInOpen = \"0s\")", "a()"), "\"0s\""),
        Arguments.of(BREAKER_SLOW_CALL.format("@CircuitBreaker(slowCallDuration = \"PT-1S\")", "a()"), "\"PT-1S\""),
        Arguments.of(RETRY_NEGATIVE_DELAY.format("@Retry(initialDelay = \"-PT1S\")", "b()"), "\"-PT1S\""),
        Arguments.of(DURATION_SYNTAX.format("@Retry(maxDelay = \"2 s\")", "b()"), "\"2 s\""),
        Arguments.of(TIMEOUT_NOT_POSITIVE.format("@Timeout(\"PT-2S\")", "b()"), "\"PT-2S\""),
        Arguments.of(RETRY_MAX_DELAY.format("c()", "5s", "10s"), "@Retry(initialDelay = \"10s\")"),
        Arguments.of(DURATION_SYNTAX.format("@CircuitBreaker(waitInOpen = \"soon\")", "c()"), "\"soon\""),
        Arguments.of(DURATION_SYNTAX.format("@CircuitBreaker(slowCallDuration = \"1.5S\")", "c()"), "\"1.5S\""),
        Arguments.of(DURATION_SYNTAX.format("@Timeout(\"\")", "c()"), "@Timeout(\"\")"));
  }

  @ParameterizedTest
  @MethodSource("durationMistakes")
  void badDuration_isReportedAtTheValue(String message, String line) {
    assertError("middleware/DurationMistakes.java", message, line);
  }

  @Test
  void durationMistakes_areTheOnlyErrors() {
    assertOnlyMiddlewareErrors("middleware/DurationMistakes.java", 13);
  }

  @Test
  void valuesAtTheLimits_compile() {
    Expect.compiles("middleware/ValuesAtTheLimits.java", "flows.middleware.ValuesAtTheLimitsFlow");
  }

  // --- fallbacks ---------------------------------------------------------------------------------

  static Stream<Arguments> fallbackMistakes() {
    String integer = "java.lang.Integer";
    String string = "java.lang.String";
    return Stream.of(
        Arguments.of(FALLBACK_MISSING.format("cachedTex", "misspelled()", "FallbackMistakes",
            "; did you mean 'cachedText'?"), "\"cachedTex\""),
        Arguments.of(FALLBACK_MISSING.format("somethingElseEntirely", "unknown()", "FallbackMistakes",
            "; add a method java.lang.String somethingElseEntirely(java.lang.Integer in)"), "somethingElseEntirely"),
        Arguments.of(FALLBACK_PRIVATE.format("secret", "hidden()", "secret(java.lang.Integer)", "FallbackMistakesFlow"),
            "fallback = \"secret\""),
        Arguments.of(FALLBACK_STATIC.format("common", "classWide()", "common(java.lang.Integer)"),
            "fallback = \"common\""),
        Arguments.of(FALLBACK_GENERIC.format("anything", "generic()", "anything(T)"), "fallback = \"anything\""),
        Arguments.of(FALLBACK_PARAMETERS.format("fromText", "wrongInput()", "fromText(java.lang.String)", "wrongInput",
            integer, "java.lang.String fromText(java.lang.Integer in)"), "fallback = \"fromText\""),
        Arguments.of(FALLBACK_RETURN.format("twice", "wrongOutput()", "twice(java.lang.Integer)", integer,
            "wrongOutput", string, "java.lang.String twice(java.lang.Integer in)"), "fallback = \"twice\""),
        Arguments.of(FALLBACK_RETURN.format("noAnswer", "noOutput()", "noAnswer(java.lang.Integer)", "void",
            "noOutput", string, "java.lang.String noAnswer(java.lang.Integer in)"), "fallback = \"noAnswer\""),
        Arguments.of(FALLBACK_ASYNC_RETURN.format("eventually", "later()", "eventually(java.lang.Integer)",
            "java.util.concurrent.CompletionStage<java.lang.String>", "later", string,
            "java.lang.String eventually(java.lang.Integer in)"), "fallback = \"eventually\""),
        Arguments.of(FALLBACK_NO_OVERLOAD.format("pick", "overloaded()",
            "pick(java.lang.String) and pick(java.lang.Integer, java.lang.Integer)", "overloaded", integer,
            "java.lang.String pick(java.lang.Integer in)"), "fallback = \"pick\""),
        Arguments.of(FALLBACK_AND_ON_OPEN.format("both()", "cachedText", "WAIT"), "onOpen = OnOpen.WAIT"),
        Arguments.of(FALLBACK_SINK_RETURN.format("cachedText", "logged()", "cachedText(java.lang.Integer)", string,
            "logged", "void cachedText(java.lang.Integer in)"), "failureRateThreshold = 40"));
  }

  @ParameterizedTest
  @MethodSource("fallbackMistakes")
  void badFallback_isReportedAtTheFallbackValue(String message, String line) {
    assertError("middleware/FallbackMistakes.java", message, line);
  }

  @Test
  void fallbackMistakes_areTheOnlyErrors() {
    assertOnlyMiddlewareErrors("middleware/FallbackMistakes.java", 12);
  }

  @Test
  void flowDefaultFallback_mustFitEveryStageItIsTheDefaultFor() {
    Expect.onlyError("middleware/FlowFallbackMistake.java",
        FALLBACK_PARAMETERS.format("cached", "FlowFallbackMistake", "cached(java.lang.Integer)", "printed",
            "java.lang.String", "void cached(java.lang.String in) (an overload will do), or give stage 'printed' its own"
                + " @CircuitBreaker"),
        "@CircuitBreaker(fallback = \"cached\")");
  }

  @Test
  void inheritedFallbackTheGeneratedClassCannotCall_isReported() {
    JavaFileObject flow = Flows.source("middleware/InheritedFallback.java");
    Compilation c = Flows.compile(flow, Flows.source("middleware/base/RemoteBase.java"));
    assertThat(c).hadErrorContaining(FALLBACK_NOT_VISIBLE.format("remote", "priced()", "remote(java.lang.Integer)",
        "flows.middleware.base.RemoteBase", "flows.middleware", "InheritedFallbackFlow", "InheritedFallback"))
        .inFile(flow).onLineContaining("fallback = \"remote\"");
    assertThat(c).hadErrorCount(1);
  }

  @Test
  void fallbackShapes_compile() {
    Expect.compiles("middleware/FallbackShapes.java", "flows.middleware.FallbackShapesFlow");
  }

  // --- where middleware does nothing -------------------------------------------------------------

  static Stream<Arguments> strayMiddleware() {
    return Stream.of(
        Arguments.of(MIDDLEWARE_NOT_ON_STAGE.format("@Retry", "helper", "helper"), "@Retry"),
        Arguments.of(MIDDLEWARE_OUTSIDE_FLOW.format("@Timeout", "flows.middleware.NotAFlowAtAll",
            "flows.middleware.NotAFlowAtAll"), "@Timeout(\"1s\")"),
        Arguments.of(MIDDLEWARE_OUTSIDE_FLOW.format("@RateLimit", "work()", "flows.middleware.NotAFlowAtAll"),
            "@RateLimit(perSecond = 1)"));
  }

  @ParameterizedTest
  @MethodSource("strayMiddleware")
  void middlewareWhereItWouldBeIgnored_isReported(String message, String line) {
    assertError("middleware/StrayMiddleware.java", message, line);
  }

  @Test
  void strayMiddleware_areTheOnlyErrors() {
    assertOnlyMiddlewareErrors("middleware/StrayMiddleware.java", 3);
  }

  @Test
  void everyMiddlewareMessage_usesTheMiddlewareCode() {
    List<String> wrong = Stream.of(dev.weir.processor.diag.Message.values())
        .filter(m -> m.name().startsWith("MIDDLEWARE_") || m.name().startsWith("RETRY_")
            || m.name().startsWith("BREAKER_") || m.name().startsWith("RATE_") || m.name().startsWith("TIMEOUT_")
            || m.name().startsWith("DURATION_") || m.name().startsWith("FALLBACK_"))
        .filter(m -> m.code() != Code.MIDDLEWARE).map(Enum::name).toList();
    assertThat(wrong).isEmpty();
  }
}

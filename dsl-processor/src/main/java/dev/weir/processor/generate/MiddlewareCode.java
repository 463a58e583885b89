package dev.weir.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import dev.weir.processor.model.DurationText;
import dev.weir.processor.model.FlowModel;
import dev.weir.processor.model.MiddlewareDeclaration;
import dev.weir.processor.model.ResolvedMiddleware;
import dev.weir.processor.model.StageKind;
import dev.weir.processor.model.StageModel;
import dev.weir.processor.model.StageSignature;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The generated definition's middleware: one {@code .middleware("stage", ...)} call per stage with a
 * resolved stack, each entry a policy with its values and where it was declared, a fallback a lambda
 * that calls the flow-class method on the run's flow object.
 */
final class MiddlewareCode {

  private static final String FLOW_PACKAGE = "dev.weir.flow";
  private static final ClassName ENTRY = ClassName.get(FLOW_PACKAGE, "MiddlewareEntry");
  private static final ClassName RETRY = ClassName.get(FLOW_PACKAGE, "RetryPolicy");
  private static final ClassName CIRCUIT_BREAKER = ClassName.get(FLOW_PACKAGE, "CircuitBreakerPolicy");
  private static final ClassName RATE_LIMIT = ClassName.get(FLOW_PACKAGE, "RateLimitPolicy");
  private static final ClassName TIMEOUT = ClassName.get(FLOW_PACKAGE, "TimeoutPolicy");
  private static final ClassName FALLBACK = ClassName.get(FLOW_PACKAGE, "Fallback");
  private static final ClassName ON_OPEN = ClassName.get("dev.weir.dsl", "OnOpen");
  private static final ClassName DURATION = ClassName.get(Duration.class);
  private static final ClassName OPTIONAL = ClassName.get(Optional.class);

  private MiddlewareCode() {}

  /** {@code .middleware("stage", entries...)} and a line break, or nothing for a stage without middleware. */
  static CodeBlock middleware(FlowModel flow, StageModel stage, ClassName flowClass) {
    List<ResolvedMiddleware> stack = flow.middleware().stack(stage);
    if (stack.isEmpty()) {
      return CodeBlock.of("");
    }
    CodeBlock.Builder code = CodeBlock.builder().add(".middleware($S", stage.name()).add("$>$>");
    for (ResolvedMiddleware entry : stack) {
      code.add(",\n$T.$L($L)", ENTRY, entry.origin().name().toLowerCase(Locale.ROOT),
          policy(entry.declaration(), stage, flowClass));
    }
    return code.add(")$<$<\n").build();
  }

  /**
   * {@code @SuppressWarnings("unchecked")} for {@code definition()} when a fallback casts its input to
   * a type that is not reifiable ({@code (List<String>) in}); otherwise nothing.
   */
  static List<AnnotationSpec> suppressions(FlowModel flow) {
    for (StageModel stage : flow.stages()) {
      for (ResolvedMiddleware entry : flow.middleware().stack(stage)) {
        if (entry.declaration() instanceof MiddlewareDeclaration.CircuitBreaker c && c.hasFallback()
            && !reifiable(stage.signature().orElseThrow().input().orElseThrow().typeName())) {
          return List.of(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
        }
      }
    }
    return List.of();
  }

  private static CodeBlock policy(MiddlewareDeclaration d, StageModel stage, ClassName flowClass) {
    if (d instanceof MiddlewareDeclaration.Retry r) {
      return CodeBlock.of("new $T($L, $L, $L, $L, $L)", RETRY, r.maxAttempts().value(),
          duration(r.initialDelay().value()), r.multiplier().value(), duration(r.maxDelay().value()),
          r.jitter().value());
    }
    if (d instanceof MiddlewareDeclaration.CircuitBreaker c) {
      String slow = c.slowCallDuration().value();
      CodeBlock slowCall = slow.isEmpty() ? CodeBlock.of("$T.empty()", OPTIONAL)
          : CodeBlock.of("$T.of($L)", OPTIONAL, duration(slow));
      CodeBlock method = c.hasFallback() ? CodeBlock.of("$T.of($S)", OPTIONAL, c.fallback().value())
          : CodeBlock.of("$T.empty()", OPTIONAL);
      CodeBlock fallback = c.hasFallback()
          ? CodeBlock.of("$T.<$T>of($L)", OPTIONAL, FALLBACK, fallback(c.fallback().value(), stage, flowClass))
          : CodeBlock.of("$T.empty()", OPTIONAL);
      return CodeBlock.of("new $T($L, $L, $L, $L, $L, $L, $L,\n$>$L,\n$L,\n$T.$L$<)", CIRCUIT_BREAKER,
          c.failureRateThreshold().value(), c.slidingWindowSize().value(), c.minimumCalls().value(),
          duration(c.waitInOpen().value()), c.halfOpenCalls().value(), slowCall, c.slowCallRateThreshold().value(),
          method, fallback, ON_OPEN, c.onOpen().value());
    }
    if (d instanceof MiddlewareDeclaration.RateLimit l) {
      return CodeBlock.of("new $T($L, $L)", RATE_LIMIT, l.perSecond().value(), l.effectiveBurst());
    }
    MiddlewareDeclaration.Timeout t = (MiddlewareDeclaration.Timeout) d;
    return CodeBlock.of("new $T($L)", TIMEOUT, duration(t.value().value()));
  }

  /** {@code (flow, in) -> ((Orders) flow).cachedQuote((Order) in)}; a sink's returns null. */
  private static CodeBlock fallback(String method, StageModel stage, ClassName flowClass) {
    StageSignature signature = stage.signature().orElseThrow();
    TypeName input = signature.input().orElseThrow().typeName();
    if (signature.kind() == StageKind.SINK) {
      return CodeBlock.of("(flow, in) -> {\n$>(($T) flow).$N(($T) in);\nreturn null;\n$<}", flowClass, method, input);
    }
    return CodeBlock.of("(flow, in) -> (($T) flow).$N(($T) in)", flowClass, method, input);
  }

  /** The shortest {@code Duration} factory call that gives exactly {@code text}'s duration. */
  static CodeBlock duration(String text) {
    Duration d = DurationText.valueOf(text);
    if (d.isZero()) {
      return CodeBlock.of("$T.ZERO", DURATION);
    }
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (nanos == 0) {
      if (seconds % 3600 == 0) {
        return CodeBlock.of("$T.ofHours($L)", DURATION, literal(seconds / 3600));
      }
      if (seconds % 60 == 0) {
        return CodeBlock.of("$T.ofMinutes($L)", DURATION, literal(seconds / 60));
      }
      return CodeBlock.of("$T.ofSeconds($L)", DURATION, literal(seconds));
    }
    try {
      if (nanos % 1_000_000 == 0) {
        return CodeBlock.of("$T.ofMillis($L)", DURATION, literal(d.toMillis()));
      }
      return CodeBlock.of("$T.ofNanos($L)", DURATION, literal(d.toNanos()));
    } catch (ArithmeticException tooLong) {
      return CodeBlock.of("$T.ofSeconds($L, $L)", DURATION, literal(seconds), nanos);
    }
  }

  private static String literal(long value) {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? Long.toString(value) : value + "L";
  }

  /** Whether a cast to {@code type} is checked in full at run time, so it is no unchecked cast. */
  private static boolean reifiable(TypeName type) {
    if (type instanceof ArrayTypeName array) {
      return array.componentType().isPrimitive() || reifiable(array.componentType());
    }
    if (type instanceof ParameterizedTypeName parameterized) {
      return parameterized.typeArguments().stream().allMatch(a -> a instanceof WildcardTypeName w
          && w.lowerBounds().isEmpty() && w.upperBounds().equals(List.of(ClassName.OBJECT)));
    }
    return type instanceof ClassName || type.isPrimitive();
  }
}

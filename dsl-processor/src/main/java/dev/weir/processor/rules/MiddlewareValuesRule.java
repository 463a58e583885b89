package dev.weir.processor.rules;

import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.model.DurationText;
import dev.weir.processor.model.MemberValue;
import dev.weir.processor.model.MiddlewareDeclaration;
import java.time.Duration;
import java.util.Optional;

/**
 * Every middleware value is one the policy accepts, on the flow class and on each stage method:
 * counts at least 1, percentages above 0 and at most 100, a positive finite rate, a non-negative
 * burst, a multiplier of at least 1, a jitter within 0..1, durations that parse (positive where a
 * wait or a limit must be), and a longest retry wait no shorter than the first.
 */
final class MiddlewareValuesRule implements Rule {

  @Override
  public void check(RuleContext context, ErrorReporter reporter) {
    for (MiddlewareDeclaration d : context.flow().middleware().all(context.flow().stages())) {
      if (d instanceof MiddlewareDeclaration.Retry r) {
        retry(r, reporter);
      } else if (d instanceof MiddlewareDeclaration.CircuitBreaker c) {
        breaker(c, reporter);
      } else if (d instanceof MiddlewareDeclaration.RateLimit l) {
        rateLimit(l, reporter);
      } else if (d instanceof MiddlewareDeclaration.Timeout t) {
        duration(t, t.value(), reporter).filter(v -> v.isZero() || v.isNegative())
            .ifPresent(v -> report(Message.TIMEOUT_NOT_POSITIVE, t, t.value(), reporter));
      }
    }
  }

  private static void retry(MiddlewareDeclaration.Retry r, ErrorReporter reporter) {
    if (r.maxAttempts().value() < 1) {
      report(Message.RETRY_MAX_ATTEMPTS, r, r.maxAttempts(), reporter);
    }
    Optional<Duration> initial = nonNegative(r, r.initialDelay(), reporter);
    Optional<Duration> max = nonNegative(r, r.maxDelay(), reporter);
    if (initial.isPresent() && max.isPresent() && max.get().compareTo(initial.get()) < 0) {
      MemberValue<String> at = r.maxDelay().explicit() || !r.initialDelay().explicit() ? r.maxDelay()
          : r.initialDelay();
      reporter.report(Message.RETRY_MAX_DELAY, at.location(), r.owner(), r.maxDelay().value(),
          r.initialDelay().value());
    }
    double multiplier = r.multiplier().value();
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      report(Message.RETRY_MULTIPLIER, r, r.multiplier(), reporter);
    }
    double jitter = r.jitter().value();
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      report(Message.RETRY_JITTER, r, r.jitter(), reporter);
    }
  }

  private static void breaker(MiddlewareDeclaration.CircuitBreaker c, ErrorReporter reporter) {
    percent(c, c.failureRateThreshold(), reporter);
    atLeastOne(Message.BREAKER_WINDOW, c, c.slidingWindowSize(), reporter);
    atLeastOne(Message.BREAKER_MINIMUM_CALLS, c, c.minimumCalls(), reporter);
    duration(c, c.waitInOpen(), reporter).filter(v -> v.isZero() || v.isNegative())
        .ifPresent(v -> report(Message.BREAKER_WAIT_IN_OPEN, c, c.waitInOpen(), reporter));
    atLeastOne(Message.BREAKER_HALF_OPEN_CALLS, c, c.halfOpenCalls(), reporter);
    if (!c.slowCallDuration().value().isEmpty()) {
      duration(c, c.slowCallDuration(), reporter).filter(v -> v.isZero() || v.isNegative())
          .ifPresent(v -> report(Message.BREAKER_SLOW_CALL, c, c.slowCallDuration(), reporter));
    }
    percent(c, c.slowCallRateThreshold(), reporter);
  }

  private static void rateLimit(MiddlewareDeclaration.RateLimit l, ErrorReporter reporter) {
    double perSecond = l.perSecond().value();
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      report(Message.RATE_PER_SECOND, l, l.perSecond(), reporter);
    }
    if (l.burst().value() < 0) {
      report(Message.RATE_BURST, l, l.burst(), reporter);
    }
  }

  private static void percent(MiddlewareDeclaration d, MemberValue<Double> member, ErrorReporter reporter) {
    double v = member.value();
    if (!(v > 0 && v <= 100)) {
      reporter.report(Message.BREAKER_PERCENT, member.location(), MiddlewareText.written(d, member), d.owner(),
          member.name());
    }
  }

  private static void atLeastOne(Message message, MiddlewareDeclaration d, MemberValue<Integer> member,
      ErrorReporter reporter) {
    if (member.value() < 1) {
      report(message, d, member, reporter);
    }
  }

  /** The duration {@code member} gives, when it parses and is not negative; reports it otherwise. */
  private static Optional<Duration> nonNegative(MiddlewareDeclaration d, MemberValue<String> member,
      ErrorReporter reporter) {
    Optional<Duration> v = duration(d, member, reporter);
    if (v.isPresent() && v.get().isNegative()) {
      report(Message.RETRY_NEGATIVE_DELAY, d, member, reporter);
      return Optional.empty();
    }
    return v;
  }

  /** The duration {@code member} gives; reports it when it does not parse. */
  private static Optional<Duration> duration(MiddlewareDeclaration d, MemberValue<String> member,
      ErrorReporter reporter) {
    DurationText.Result result = DurationText.parse(member.value());
    if (result instanceof DurationText.Parsed p) {
      return Optional.of(p.duration());
    }
    report(result instanceof DurationText.FinerThanNanoseconds ? Message.DURATION_FINER_THAN_NANOSECONDS
        : Message.DURATION_SYNTAX, d, member, reporter);
    return Optional.empty();
  }

  private static void report(Message message, MiddlewareDeclaration d, MemberValue<?> member,
      ErrorReporter reporter) {
    reporter.report(message, member.location(), MiddlewareText.written(d, member), d.owner());
  }
}

package dev.weir.flow;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@code @Timeout}: a handler call that takes longer than {@code timeout} is interrupted (for an
 * async transform, its result abandoned) and its input dead-lettered as {@code TIMEOUT}.
 *
 * @param timeout positive
 */
public record TimeoutPolicy(Duration timeout) implements Middleware {

  public TimeoutPolicy {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("@Timeout must be positive, got " + timeout);
    }
  }

  @Override
  public String annotation() {
    return "@Timeout";
  }

  @Override
  public Set<StageKind> fits() {
    return EnumSet.of(StageKind.TRANSFORM, StageKind.ASYNC_TRANSFORM, StageKind.SINK);
  }
}

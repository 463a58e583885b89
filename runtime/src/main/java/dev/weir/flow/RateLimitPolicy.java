package dev.weir.flow;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code @RateLimit}: at most {@code perSecond} events a second through the stage (each event a
 * source emits, each input of other stages), up to {@code burst} at once. It blocks, never drops.
 *
 * @param perSecond events a second, positive
 * @param burst events allowed at once, at least 1
 */
public record RateLimitPolicy(double perSecond, int burst) implements Middleware {

  public RateLimitPolicy {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("@RateLimit perSecond must be positive, got " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("@RateLimit burst must be at least 1, got " + burst);
    }
  }

  @Override
  public String annotation() {
    return "@RateLimit";
  }

  @Override
  public Set<StageKind> fits() {
    return EnumSet.allOf(StageKind.class);
  }
}

package dev.weir.engine;

import dev.weir.event.CodecRegistry;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowSettings;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What Weir's own tools (the command line, the test kit) read or set from a {@link FlowBuilder} that is not part of
 * its public API: the codecs a configured run encodes with, which replay verification reads the
 * original archive with. {@code FlowBuilder} registers the accessor when its class initializes.
 */
public final class BuilderAccess {

  private static volatile Function<FlowBuilder, CodecRegistry> codecs;
  private static volatile Function<FlowBuilder, FlowSettings> settings;
  private static volatile BiConsumer<FlowBuilder, TimerClock> timerClock;

  private BuilderAccess() {}

  /** Called once, by {@code FlowBuilder}'s static initializer. */
  public static void register(Function<FlowBuilder, CodecRegistry> accessor) {
    codecs = Objects.requireNonNull(accessor, "accessor");
  }

  /** Called once, by {@code FlowBuilder}'s static initializer. */
  public static void registerSettings(Function<FlowBuilder, FlowSettings> accessor) {
    settings = Objects.requireNonNull(accessor, "accessor");
  }

  /** Called once, by {@code FlowBuilder}'s static initializer. */
  public static void registerTimerClock(BiConsumer<FlowBuilder, TimerClock> setter) {
    timerClock = Objects.requireNonNull(setter, "setter");
  }

  /**
   * Has {@code builder}'s run read its stage timers from {@code clock} instead of the system clock
   * (the test kit's hand-advanced clock); null restores the system clock.
   */
  public static void timerClock(FlowBuilder builder, TimerClock clock) {
    Objects.requireNonNull(builder, "builder"); // an instance: FlowBuilder has initialized and registered
    timerClock.accept(builder, clock);
  }

  /** The settings {@code builder}'s run will make its flow object with, which its replay command repeats. */
  public static FlowSettings settings(FlowBuilder builder) {
    Objects.requireNonNull(builder, "builder");
    return settings.apply(builder);
  }

  /** The codecs {@code builder}'s run will encode its payloads with. */
  public static CodecRegistry codecs(FlowBuilder builder) {
    Objects.requireNonNull(builder, "builder");
    return codecs.apply(builder);
  }
}

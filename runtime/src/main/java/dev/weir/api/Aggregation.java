package dev.weir.api;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A ready-made {@link Stateful} built by {@link Aggregations}: immutable, so one instance may back
 * any number of stages and runs; every call to {@link #initial()} returns a fresh state. The state
 * type is an implementation detail (a wildcard in the factories' return types): hold an
 * aggregation as {@code Stateful<I, ?, O>} or {@code Aggregation<I, ?, O>}.
 *
 * <p>It emits at end of input unless {@link #emitting} says otherwise.
 *
 * @param <I> the input type
 * @param <S> the state type, owned by the runtime
 * @param <O> the output type
 */
public final class Aggregation<I, S, O> implements Stateful<I, S, O> {

  private final String name;
  private final Supplier<S> initial;
  private final BiFunction<S, I, S> accumulate;
  private final BiConsumer<S, Emitter<O>> emit;
  private final EmitPolicy policy;

  Aggregation(String name, Supplier<S> initial, BiFunction<S, I, S> accumulate, BiConsumer<S, Emitter<O>> emit,
      EmitPolicy policy) {
    this.name = Objects.requireNonNull(name, "name");
    this.initial = Objects.requireNonNull(initial, "initial");
    this.accumulate = Objects.requireNonNull(accumulate, "accumulate");
    this.emit = Objects.requireNonNull(emit, "emit");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * This aggregation with another emit policy. A windowed policy ({@code everyN}, {@code every},
   * {@code always}) must have chosen what happens to the state after an emit: {@code thenReset()}
   * (windows) or {@code thenKeep()} (running totals).
   *
   * @throws NullPointerException if {@code policy} is null
   * @throws IllegalArgumentException if {@code policy} is windowed and has not chosen reset or keep
   */
  public Aggregation<I, S, O> emitting(EmitPolicy policy) {
    Objects.requireNonNull(policy, () -> "Aggregations." + name + ".emitting needs a policy, got null");
    if (policy.trigger() != EmitPolicy.Trigger.ON_END && policy.afterEmit() == EmitPolicy.AfterEmit.UNSET) {
      throw new IllegalArgumentException("Aggregations." + name + ".emitting(" + policy
          + "): a windowed policy must say what happens to the state after an emit: call .thenReset()"
          + " (start each window afresh) or .thenKeep() (running totals)");
    }
    return new Aggregation<>(name, initial, accumulate, emit, policy);
  }

  @Override
  public S initial() {
    return initial.get();
  }

  @Override
  public S accumulate(S state, I in) {
    return accumulate.apply(state, in);
  }

  @Override
  public void emit(S state, Emitter<O> out) {
    emit.accept(state, out);
  }

  @Override
  public EmitPolicy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return "Aggregations." + name + " emitting " + policy;
  }
}

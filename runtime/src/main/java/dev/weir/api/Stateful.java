package dev.weir.api;

/**
 * A stage that folds its inputs into a state owned by the runtime and emits from that state when
 * its {@link EmitPolicy} says so, and always once at end of input.
 *
 * @param <I> the input type
 * @param <S> the state type
 * @param <O> the output type
 */
public interface Stateful<I, S, O> {

  /** A fresh state: at start, and after an emit when the policy resets. */
  S initial() throws Exception;

  /** Folds one input into the state; an exception sends that input to the error journal. */
  S accumulate(S state, I in) throws Exception;

  /** Emits what the state holds; an exception here fails the flow. */
  void emit(S state, Emitter<O> out) throws Exception;

  /** When {@link #emit} runs. */
  default EmitPolicy policy() {
    return EmitPolicy.onEnd();
  }
}

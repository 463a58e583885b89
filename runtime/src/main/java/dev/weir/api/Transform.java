package dev.weir.api;

/**
 * A stage that turns each input into zero or more outputs, in order.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface Transform<I, O> {

  /** Handles one input; an exception sends that input to the stage's error journal. */
  void process(I in, Emitter<O> out) throws Exception;

  /** Called once at end of input; an exception here fails the flow. */
  default void drain(Emitter<O> out) throws Exception {}
}

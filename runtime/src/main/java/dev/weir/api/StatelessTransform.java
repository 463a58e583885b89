package dev.weir.api;

/**
 * A {@link Transform} whose outputs for an input depend on that input alone: it keeps no state from
 * one input to the next and emits nothing at the end of its input. {@link Transforms#map},
 * {@link Transforms#filter} and {@link Transforms#flatMap} are stateless, as long as the functions
 * given to them keep no state of their own.
 *
 * <p>The promise lets a resumed run skip the inputs the interrupted run's stage had already
 * finished: for those it hands on what the stage journaled (outputs and dead letters) without
 * calling {@link #process} again, and calls the handler only for the inputs after them. A stage with
 * middleware (retries, a breaker) is not skipped, so that its counts and breaker state cover the
 * whole run; nor is a handler that overrides {@link #drain}, which only state could feed. A handler
 * that breaks the promise otherwise (counts its inputs in a field) goes on from a state that misses
 * the skipped inputs. See {@code docs/resume.md}.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface StatelessTransform<I, O> extends Transform<I, O> {

  /** A stateless transform emits nothing at the end of its input. */
  @Override
  default void drain(Emitter<O> out) {}
}

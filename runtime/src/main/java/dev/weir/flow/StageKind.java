package dev.weir.flow;

/** What a stage does, inferred from its {@code @Stage} method's return type. */
public enum StageKind {
  /** {@code Source<T>}: no input, one output. */
  SOURCE,
  /** {@code Transform<I, O>}. */
  TRANSFORM,
  /** {@code AsyncTransform<I, O>}. */
  ASYNC_TRANSFORM,
  /** {@code Stateful<I, S, O>}. */
  STATEFUL,
  /** {@code Join<R, S, O>}: a reference input and a stream input. */
  JOIN,
  /** {@code Sink<T>}: one input, no output. */
  SINK;

  /** Whether a stage of this kind has an output that other stages can read. */
  public boolean hasOutput() {
    return this != SINK;
  }

  /** Whether a stage of this kind reads inputs. */
  public boolean hasInput() {
    return this != SOURCE;
  }
}

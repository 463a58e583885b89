package dev.weir.processor.model;

/**
 * A statement's {@code (reference, stream) |> join} head.
 *
 * @param reference the join's reference input
 * @param stream the join's stream input
 * @param join the join
 */
public record JoinHead(Mention reference, Mention stream, Mention join) {

  /** The head as written, normalized. */
  public String written() {
    return "(" + reference.name() + ", " + stream.name() + ") |> " + join.name();
  }
}

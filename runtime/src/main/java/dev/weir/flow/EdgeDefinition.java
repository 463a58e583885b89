package dev.weir.flow;

import java.util.Objects;

/**
 * A directed edge between two stages: events written by {@code from} are read by {@code to}.
 *
 * @param from the writing stage
 * @param to the reading stage
 * @param kind how the edge was declared
 */
public record EdgeDefinition(String from, String to, EdgeKind kind) {

  public EdgeDefinition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
  }

  /** {@code from |> to}. */
  public static EdgeDefinition forward(String from, String to) {
    return new EdgeDefinition(from, to, EdgeKind.FORWARD);
  }

  /** The edge written {@code to <| from}. */
  public static EdgeDefinition backflow(String from, String to) {
    return new EdgeDefinition(from, to, EdgeKind.BACKFLOW);
  }

  /** The reference input {@code from} of join {@code to}. */
  public static EdgeDefinition reference(String from, String to) {
    return new EdgeDefinition(from, to, EdgeKind.REFERENCE);
  }

  @Override
  public String toString() {
    return from + (kind == EdgeKind.BACKFLOW ? " <~ " : kind == EdgeKind.REFERENCE ? " =ref=> " : " |> ") + to;
  }
}

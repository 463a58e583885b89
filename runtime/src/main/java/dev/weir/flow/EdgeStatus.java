package dev.weir.flow;

import java.util.Objects;

/**
 * One edge of a running flow.
 *
 * @param from the writing stage
 * @param to the reading stage
 * @param kind the edge's kind
 * @param lag events the writer has journaled that the reader has not read yet (its backlog)
 */
public record EdgeStatus(String from, String to, EdgeKind kind, long lag) {

  public EdgeStatus {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
  }
}

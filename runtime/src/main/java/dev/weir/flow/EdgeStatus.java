package dev.weir.flow;

import java.util.Objects;

/**
 * One edge of a running flow.
 *
 * @param from the writing stage
 * @param to the reading stage
 * @param kind the edge's kind
 * @param lag events the writer has journaled that the reader has not read yet (its backlog)
 * @param contract how the edge's transport contract stands
 * @param contractChecks how often that contract was checked (each broken event, and the end of stream)
 * @param contractFailures how many of those checks failed
 */
public record EdgeStatus(String from, String to, EdgeKind kind, long lag, ContractState contract, long contractChecks,
    long contractFailures) {

  public EdgeStatus {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(contract, "contract");
  }
}

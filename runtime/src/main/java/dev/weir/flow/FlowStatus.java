package dev.weir.flow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a flow while it runs (and after): its state, how long it has run, and per stage and
 * edge the counts of their last finished batch. Taken without stopping any stage; the counts of
 * different stages may be from slightly different moments.
 *
 * @param flow the flow's name
 * @param runId the run's id
 * @param state the flow's state
 * @param elapsedMillis milliseconds since the run was built, until it ended once it has
 * @param stages every stage, in the definition's order
 * @param edges every edge, in the definition's order
 */
public record FlowStatus(String flow, String runId, FlowState state, long elapsedMillis, List<StageStatus> stages,
    List<EdgeStatus> edges) {

  public FlowStatus {
    Objects.requireNonNull(flow, "flow");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(state, "state");
    stages = List.copyOf(stages);
    edges = List.copyOf(edges);
  }

  /** The stage named {@code name}, if the flow has it. */
  public Optional<StageStatus> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}

package dev.weir.journal;

import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import java.util.List;

/** {@link Journals} kept on the heap: every record stays readable while the run's handle lives. */
public final class MemoryJournals implements Journals {

  @Override
  public RunJournals open(String flowName, String runId, List<StageDefinition> stages) {
    return new MemoryRunJournals(runId, stages.stream().map(StageDefinition::name).toList());
  }

  @Override
  public String toString() {
    return "memory";
  }
}

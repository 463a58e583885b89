package dev.weir.journal;

import dev.weir.flow.FlowDefinition;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;

/**
 * {@link Journals} kept on the heap. By default every record stays readable while the run's handle
 * lives; with a retention limit each stage journal keeps about its newest {@code retain} records
 * (the system journal keeps everything), so an unbounded flow runs in bounded heap.
 */
public final class MemoryJournals implements Journals {

  private final long retain;

  /** Keeps every record. */
  public MemoryJournals() {
    this(Long.MAX_VALUE);
  }

  /** Keeps at least the newest {@code retain} records of each stage journal. */
  public MemoryJournals(long retain) {
    if (retain < 1) {
      throw new IllegalArgumentException("memory journals must retain at least 1 record, got " + retain);
    }
    this.retain = retain;
  }

  @Override
  public RunJournals open(FlowDefinition definition, String runId) {
    return new MemoryRunJournals(runId, definition.stages().stream().map(StageDefinition::name).toList(),
        RunJournals.multiInputStages(definition), retain);
  }

  @Override
  public String toString() {
    return retain == Long.MAX_VALUE ? "memory" : "memory(retain " + retain + ")";
  }
}

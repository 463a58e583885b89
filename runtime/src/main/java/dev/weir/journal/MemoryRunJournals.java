package dev.weir.journal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The memory journals of one run. */
final class MemoryRunJournals implements RunJournals {

  private final String runId;
  private final List<String> stageNames;
  private final Map<String, Journal> data = new HashMap<>();
  private final Map<String, Journal> errors = new HashMap<>();
  private final Map<String, Journal> orders = new HashMap<>();
  private final Journal system;

  MemoryRunJournals(String runId, List<String> stageNames, java.util.Set<String> multiInput, long retain) {
    this.runId = runId;
    this.stageNames = List.copyOf(stageNames);
    for (String s : stageNames) {
      data.put(s, new MemoryJournal(s + ".data", this.stageNames, retain));
      errors.put(s, new MemoryJournal(s + ".errors", this.stageNames, retain));
    }
    for (String s : multiInput) {
      orders.put(s, new MemoryJournal(s + ".order", this.stageNames, Long.MAX_VALUE));
    }
    this.system = new MemoryJournal("system", this.stageNames, Long.MAX_VALUE);
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public List<String> stageNames() {
    return stageNames;
  }

  @Override
  public Journal data(String stage) {
    return lookup(data, stage);
  }

  @Override
  public Journal errors(String stage) {
    return lookup(errors, stage);
  }

  @Override
  public java.util.Optional<Journal> order(String stage) {
    return java.util.Optional.ofNullable(orders.get(stage));
  }

  @Override
  public Journal system() {
    return system;
  }

  private Journal lookup(Map<String, Journal> map, String stage) {
    Journal j = map.get(stage);
    if (j == null) {
      throw new NoSuchElementException("run " + runId + " has no stage '" + stage + "'; stages: " + stageNames);
    }
    return j;
  }

  @Override
  public void close() {
    // Memory journals stay readable after the run: nothing to release.
  }
}

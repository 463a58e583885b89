package dev.weir.journal;

import java.util.List;

/** The memory journals of one run. */
final class MemoryRunJournals implements RunJournals {

  private final String runId;
  private final List<String> stageNames;
  private final StageJournals<MemoryJournal> data;
  private final StageJournals<MemoryJournal> errors;
  private final StageJournals<MemoryJournal> orders;
  private final Journal system;

  MemoryRunJournals(String runId, List<String> stageNames, java.util.Set<String> multiInput, long retain) {
    this.runId = runId;
    this.stageNames = List.copyOf(stageNames);
    this.data = new StageJournals<>(runId);
    this.errors = new StageJournals<>(runId);
    this.orders = new StageJournals<>(runId);
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
    return data.get(stage);
  }

  @Override
  public Journal errors(String stage) {
    return errors.get(stage);
  }

  @Override
  public java.util.Optional<Journal> order(String stage) {
    return orders.find(stage).map(Journal.class::cast);
  }

  @Override
  public Journal system() {
    return system;
  }


  @Override
  public void close() {
    // Memory journals stay readable after the run: nothing to release.
  }
}

package dev.weir.journal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The memory journals of one run: stage journals keep {@code retain} records at least, the system journal all. */
final class MemoryRunJournals implements RunJournals {

  private final String runId;
  private final List<String> stageNames;
  private final StageJournals<MemoryJournal> data;
  private final StageJournals<MemoryJournal> errors;
  private final StageJournals<MemoryJournal> orders;
  private final Journal system;

  MemoryRunJournals(RunSpec spec, Set<String> multiInput, long retain, int maxPayload) {
    this.runId = spec.runId();
    this.stageNames = spec.stageNames();
    this.data = new StageJournals<>(runId);
    this.errors = new StageJournals<>(runId);
    this.orders = new StageJournals<>(runId);
    for (int i = 0; i < stageNames.size(); i++) {
      String s = stageNames.get(i);
      data.put(s, journal(s + ".data", i, retain, spec, maxPayload));
      errors.put(s, journal(s + ".errors", i, retain, spec, maxPayload));
      if (multiInput.contains(s)) {
        orders.put(s, journal(s + ".order", i, retain, spec, maxPayload));
      }
    }
    this.system = journal("system", -1, Long.MAX_VALUE, spec, maxPayload);
  }

  private MemoryJournal journal(String id, int stage, long retain, RunSpec spec, int maxPayload) {
    return new MemoryJournal(id, stageNames, retain, spec.recordCodec(stage), maxPayload);
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
  public Optional<Journal> order(String stage) {
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

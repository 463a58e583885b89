package dev.weir.journal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One kind of journal (data, errors or order) of a run, by stage name in definition order; asking
 * for a stage the run does not have is a clear error naming the run and its stages.
 *
 * @param <J> the journal type
 */
final class StageJournals<J extends Journal> {

  private final String run;
  private final Map<String, J> byStage = new LinkedHashMap<>();

  /** @param run how errors name the run (its id or directory) */
  StageJournals(String run) {
    this.run = run;
  }

  void put(String stage, J journal) {
    byStage.put(stage, journal);
  }

  /** The journal of {@code stage}, which must exist. */
  J get(String stage) {
    J j = byStage.get(stage);
    if (j == null) {
      throw new NoSuchElementException("run " + run + " has no stage '" + stage + "'; stages: " + byStage.keySet());
    }
    return j;
  }

  /** The journal of {@code stage}, if it has one of this kind. */
  Optional<J> find(String stage) {
    return Optional.ofNullable(byStage.get(stage));
  }

  Collection<J> all() {
    return byStage.values();
  }
}

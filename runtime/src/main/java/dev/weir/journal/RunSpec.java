package dev.weir.journal;

import dev.weir.event.CodecRegistry;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.StageDefinition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run's journals are opened for: the flow, the run's id, the codecs its payloads are
 * encoded with, and the run it replays, if it is a replay.
 *
 * @param definition the flow
 * @param runId the run's id
 * @param codecs the codec of each element type
 * @param replayOf what this run replays, if it is a replay: the run directory's absolute path, or the run
 *     id and the journals that keep it
 * @param settings the run's settings, which the manifest records (secrets by key only)
 */
public record RunSpec(FlowDefinition definition, String runId, CodecRegistry codecs, Optional<String> replayOf,
    FlowSettings settings) {

  public RunSpec {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(codecs, "codecs");
    Objects.requireNonNull(replayOf, "replayOf");
    Objects.requireNonNull(settings, "settings");
  }

  /** A run without settings. */
  public RunSpec(FlowDefinition definition, String runId, CodecRegistry codecs, Optional<String> replayOf) {
    this(definition, runId, codecs, replayOf, FlowSettings.empty());
  }

  /**
   * The record codec of one journal of this run, with its own output codecs (made as it needs them):
   * each journal encodes on its own thread.
   *
   * @param stage the journal's stage index, or -1 for the system journal
   */
  RecordCodec recordCodec(int stage) {
    List<StageDefinition> stages = definition.stages();
    return new RecordCodec(stage, stages.size(), i -> stages.get(i).output().isNone() ? null
        : codecs.codecFor(stages.get(i).output()));
  }

  /** Stage names in definition order. */
  public List<String> stageNames() {
    return definition.stages().stream().map(s -> s.name()).toList();
  }
}

package dev.weir.engine;

import dev.weir.api.ResumableSource;
import dev.weir.event.Consumed;
import dev.weir.flow.DiskJournals;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.FaultInjectingJournals;
import dev.weir.journal.Manifest;
import dev.weir.journal.ResumeCheck;
import dev.weir.journal.RunJournals;
import dev.weir.replay.ArchivedOutcomes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a resumed run picks up: the interrupted run's directory, and once its journals are open for
 * appending, what each of them held then (its prefix). Every stage runs again from the start of its
 * input and produces that prefix again, checked record by record against it and not journaled twice
 * (see {@code RederivedPrefix}); this class gives each stage what it needs so that it acts the same:
 * <ul>
 *   <li>a {@link ResumableSource} emits its prefix from its journal, then continues after it; another
 *       source is read again from its start (its prefix is checked like any stage's);
 *   <li>a stage with an order journal follows the interrupted run's order, then goes on by its own;
 *   <li>a {@link dev.weir.api.StatelessTransform} without middleware hands on what it journaled for
 *       the inputs it had finished, without processing them again;
 *   <li>a sink copies the outcome the interrupted run journaled for an input instead of delivering it
 *       again, and a keyed sink is told which inputs may be retries;
 *   <li>an async transform takes the outcome the interrupted run journaled for an input instead of
 *       calling again.
 * </ul>
 * What the resumed run appends after the prefix is new. See {@code docs/resume.md}.
 */
final class ResumePoint {

  private final Path dir;
  private final String runId;
  private final String previousStatus;
  private final Map<String, JournalPrefix> data = new HashMap<>();
  private final Map<String, JournalPrefix> errors = new HashMap<>();
  private final Map<String, JournalPrefix> orders = new HashMap<>();

  private ResumePoint(Path dir, String runId, String previousStatus) {
    this.dir = dir;
    this.runId = runId;
    this.previousStatus = previousStatus;
  }

  /**
   * Checks that {@code def} can resume the run in {@code options.resumeFrom()}.
   *
   * @throws FlowException naming every reason it cannot; nothing was opened
   */
  static ResumePoint check(FlowDefinition def, EngineOptions options) {
    Path dir = options.resumeFrom();
    String cannot = "flow '" + def.name() + "' cannot resume " + dir + ": ";
    DiskJournals disk = options.journals() instanceof DiskJournals d ? d
        : options.journals() instanceof FaultInjectingJournals f ? f.disk() : null;
    if (disk == null) {
      throw new FlowException(cannot + "a run is resumed in its run directory, on disk journals, but this flow's"
          + " journals are " + options.journals() + ": use Journals.disk(dir)");
    }
    Manifest manifest;
    try {
      manifest = Manifest.read(dir);
    } catch (IOException | RuntimeException e) {
      throw new FlowException(cannot + e.getMessage(), null, e);
    }
    List<String> problems = new ArrayList<>(ResumeCheck.problems(manifest, def, disk.key() != null));
    if (!def.cycles().isEmpty()) {
      problems.add("the flow has a cycle " + def.cycles() + ", and a flow with a cycle cannot be resumed yet (replay"
          + " it, or run it again)");
    }
    if (problems.isEmpty() && manifest.stoppedBeforeItsEnd()) {
      problems.addAll(endOfInputOutputs(def, dir, disk.key()));
    }
    if (!problems.isEmpty()) {
      throw new FlowException(cannot + String.join("; ", problems));
    }
    String status = "RUNNING".equals(manifest.status()) ? "CRASHED"
        : manifest.stoppedBeforeItsEnd() ? "STOPPED" : manifest.status();
    return new ResumePoint(dir, manifest.runId(), status);
  }

  /**
   * A run stopped gracefully drained: every stage ended its input there. A stage that emitted
   * something because its input ended (a stateful stage's last emit, a transform's drain) journaled
   * an output that a run going on would not have, and downstream stages took it: such a run cannot be
   * resumed. It shows as a record without a parent just before a non-source stage's end of stream.
   */
  private static List<String> endOfInputOutputs(FlowDefinition def, Path dir, byte[] key) {
    List<String> out = new ArrayList<>();
    try (dev.weir.journal.RunArchive archive = dev.weir.journal.RunArchive.open(dir, key)) {
      for (StageDefinition s : def.stages()) {
        if (s.kind() == dev.weir.flow.StageKind.SOURCE || s.kind() == dev.weir.flow.StageKind.SINK) {
          continue;
        }
        dev.weir.flow.JournalView data = archive.data(s.name());
        long last = data.lastSeq();
        if (last < 2 || data.endOfStream().isEmpty()) {
          continue;
        }
        dev.weir.flow.JournalRecord before = data.read(last - 1, 1).get(0);
        if (before.parent().equals(dev.weir.flow.EventRef.NONE)) {
          out.add("it was stopped gracefully, and stage '" + s.name() + "' emitted at the end of its input there (seq "
              + before.seq() + "), which a run that goes on would not have emitted: stop with a cancel (a second"
              + " Ctrl-C, SIGKILL, or StopMode.CANCEL) to resume later, or start a new run");
        }
      }
    } catch (IOException | RuntimeException e) {
      out.add("its journals cannot be read: " + e.getMessage());
    }
    return out;
  }

  Path dir() {
    return dir;
  }

  /** The interrupted run's id, which the resumed run keeps. */
  String runId() {
    return runId;
  }

  /**
   * The status the run had: CRASHED for one whose process died while it ran, STOPPED for one that
   * completed after a graceful stop before its sources' end, else FAILED or CANCELLED.
   */
  String previousStatus() {
    return previousStatus;
  }

  /** Notes what each journal held when it was opened for appending, before any stage runs. */
  void capture(FlowDefinition def, RunJournals journals) {
    Map<String, Long> kept = journals.resumedWith();
    for (StageDefinition s : def.stages()) {
      data.put(s.name(), new JournalPrefix(journals.data(s.name()), kept.get(s.name() + ".data")));
      errors.put(s.name(), new JournalPrefix(journals.errors(s.name()), kept.get(s.name() + ".errors")));
      journals.order(s.name()).ifPresent(o -> orders.put(s.name(), new JournalPrefix(o, kept.get(s.name() + ".order"))));
    }
  }

  /** The handler a source stage runs with: a resumable source continues after its prefix. */
  Object source(StageDefinition s, Object handler) {
    return handler instanceof ResumableSource<?> r
        ? new ResumingSource(s.name(), data.get(s.name()), errors.get(s.name()), r)
        : handler;
  }

  /** Gives stage {@code r} what it needs to act as the interrupted run did on the inputs it finished. */
  void prepare(FlowDefinition def, StageDefinition s, StageRunner r) {
    JournalPrefix order = orders.get(s.name());
    if (order != null) {
      r.resumeOrder(new ReplayOrder(order.readAll(RecordKind.CONSUMED).stream()
          .map(rec -> (Consumed) rec.payload()).toList()));
    }
    if (r instanceof SinkRunner sink) {
      long[] handedUpTo = new long[def.stages().size()];
      for (int i = 0; i < handedUpTo.length; i++) {
        handedUpTo[i] = data.get(def.stages().get(i).name()).lastSeq();
      }
      sink.resumeWith(new ArchivedOutcomes(data.get(s.name()), errors.get(s.name()), data::get, Map.of()), handedUpTo);
    } else if (r instanceof TransformRunner t && t.skipsFinishedInputs() && def.inputsOf(s.name()).size() == 1) {
      String upstream = def.inputsOf(s.name()).get(0).from();
      JournaledOutputs outputs = JournaledOutputs.of(s.name(), upstream, data.get(s.name()), errors.get(s.name()));
      if (outputs != null) {
        t.resumeFrom(outputs);
      }
    } else if (r instanceof AsyncTransformRunner async) {
      async.useRecordedOutcomes(new ArchivedOutcomes(data.get(s.name()), RecordKind.DATA, errors.get(s.name()),
          data::get, Map.of()), "the interrupted run");
    }
  }
}

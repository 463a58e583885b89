package dev.weir.engine;

import dev.weir.api.ResumableSource;
import dev.weir.event.Consumed;
import dev.weir.flow.DiskJournals;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowException;
import dev.weir.flow.Journals;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.journal.FaultInjectingJournals;
import dev.weir.journal.JournalProvider;
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
 * Where a resumed run picks up: the interrupted run (its directory on disk), and once its journals are open for
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
  private final String where;
  private final String runId;
  private final String previousStatus;
  private final Map<String, JournalPrefix> data = new HashMap<>();
  private final Map<String, JournalPrefix> errors = new HashMap<>();
  private final Map<String, JournalPrefix> orders = new HashMap<>();

  private ResumePoint(Path dir, String where, String runId, String previousStatus) {
    this.dir = dir;
    this.where = where;
    this.runId = runId;
    this.previousStatus = previousStatus;
  }

  /**
   * Checks that {@code def} can resume the run that {@code options} name: the run directory
   * {@code resumeFrom()} on disk journals, or the run {@code resumeRun()} (its id) in the flow's
   * journals, on disk or on journals that keep manifests ({@link JournalProvider#manifest}).
   *
   * @throws FlowException naming every reason it cannot; nothing was opened
   */
  static ResumePoint check(FlowDefinition def, EngineOptions options) {
    Journals journals = options.journals();
    DiskJournals disk = journals instanceof DiskJournals d ? d
        : journals instanceof FaultInjectingJournals f ? f.disk() : null;
    JournalProvider provider = disk == null && journals instanceof JournalProvider p ? p : null;
    String runId = options.resumeRun();
    Path dir = options.resumeFrom() != null ? options.resumeFrom()
        : disk != null ? disk.directory().resolve(def.name()).resolve(runId) : null;
    String where = dir != null ? dir.toString() : "run " + runId + " in " + journals;
    String cannot = "flow '" + def.name() + "' cannot resume " + where + ": ";
    if (disk == null && (provider == null || runId == null)) {
      throw new FlowException(cannot + (runId == null
          ? "a run is resumed in its run directory, on disk journals, but this flow's journals are " + journals
              + ": use Journals.disk(dir), or resume by run id (resumeRun) on journals that keep runs"
          : "its journals, " + journals + ", keep no runs to resume: use Journals.disk(dir), or journals of a"
              + " module that keeps them (weir-kafka's KafkaJournals)"));
    }
    Manifest manifest;
    try {
      manifest = disk != null ? Manifest.read(dir) : provider.manifest(def.name(), runId);
    } catch (IOException | RuntimeException e) {
      throw new FlowException(cannot + e.getMessage(), null, e);
    }
    List<String> problems = new ArrayList<>(ResumeCheck.problems(manifest, def,
        disk != null ? disk.key() != null : provider.sealed()));
    if (!def.cycles().isEmpty()) {
      problems.add("the flow has a cycle " + def.cycles() + ", and a flow with a cycle cannot be resumed yet (replay"
          + " it, or run it again)");
    }
    if (problems.isEmpty() && manifest.stoppedBeforeItsEnd()) {
      if (disk != null) {
        problems.addAll(endOfInputOutputs(def, dir, disk.key()));
      } else {
        problems.add("it was stopped gracefully, so its journals end with the ends of stream of that stop, and "
            + journals + " cannot cut records off a journal's end: a run on them is resumed after a crash or a"
            + " cancel (a second Ctrl-C, SIGKILL, or StopMode.CANCEL), not after a graceful stop");
      }
    }
    if (!problems.isEmpty()) {
      throw new FlowException(cannot + String.join("; ", problems));
    }
    String status = "RUNNING".equals(manifest.status()) ? "CRASHED"
        : manifest.stoppedBeforeItsEnd() ? "STOPPED" : manifest.status();
    return new ResumePoint(dir, where, manifest.runId(), status);
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

  /** The run directory of a run on disk journals; null for journals a {@link JournalProvider} keeps. */
  Path dir() {
    return dir;
  }

  /** The run resumed, for messages: its directory, or its id and journals. */
  String where() {
    return where;
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
      data.put(s.name(), new JournalPrefix(journals.data(s.name()), held(kept, journals, s.name() + ".data")));
      errors.put(s.name(), new JournalPrefix(journals.errors(s.name()), held(kept, journals, s.name() + ".errors")));
      journals.order(s.name()).ifPresent(o -> orders.put(s.name(), new JournalPrefix(o,
          held(kept, journals, s.name() + ".order"))));
    }
  }

  private static long held(Map<String, Long> kept, RunJournals journals, String id) {
    Long n = kept.get(id);
    if (n == null) {
      throw new IllegalStateException(journals + " were opened to resume, but do not say what journal " + id
          + " held (RunJournals.resumedWith)");
    }
    return n;
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

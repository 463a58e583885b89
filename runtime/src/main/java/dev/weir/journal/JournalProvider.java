package dev.weir.journal;

import dev.weir.flow.Journals;
import java.io.IOException;

/**
 * Journals that a module outside the runtime keeps (Kafka topics, for instance): a run opens them
 * through {@link #open}. They hold the same records under the same rules as Weir's own: seqs from 1
 * without gaps, payloads encoded by the run's codecs ({@link FrameCodec} encodes and decodes them as
 * standalone frames), a batch visible to readers only after {@link Journal#flush()}, which returns
 * once the batch is as durable as the journals promise.
 */
public interface JournalProvider extends Journals {

  /**
   * Opens the journals of one run: a data and an error journal per stage, an order journal per stage
   * that {@link RunJournals#orderedStages} names, and a system journal.
   *
   * @throws IOException when they cannot be created; the run then fails to start, saying so
   */
  RunJournals open(RunSpec spec) throws IOException;

  /**
   * The manifest of run {@code runId} of flow {@code flow} as these journals keep it: how it was
   * written and how it ended ({@code RUNNING} if it never did), so that a resume can check it.
   *
   * @throws IOException when there is no such run, or these journals keep no manifests (the default)
   */
  default Manifest manifest(String flow, String runId) throws IOException {
    throw new IOException(this + " keep no run manifests: a run on them cannot be resumed");
  }

  /**
   * Whether these journals seal every batch with the HMAC chain (a key was given): a resume checks it
   * against how the run was written.
   */
  default boolean sealed() {
    return false;
  }

  /**
   * Opens the journals of the interrupted run {@code spec.runId()} to go on writing them: each one
   * holds what the interrupted run journaled, and until its stage has produced all of that again,
   * an append of one of those seqs is checked against the journaled record ({@link RederivedPrefix})
   * instead of being written twice. {@link RunJournals#resumedWith()} says how many records each
   * held; the manifest records the resume. The caller has checked the run with {@link ResumeCheck}.
   *
   * @param previousStatus the status the run had, for the manifest's resume entry
   * @throws IOException when the run's journals cannot be opened, or these journals cannot resume (the default)
   */
  default RunJournals resume(RunSpec spec, String previousStatus) throws IOException {
    throw new IOException(this + " cannot resume a run");
  }

  /**
   * Opens the journals of run {@code spec.runId()} for reading only, each with every record it holds,
   * for a replay or a comparison; appends are refused. Close them after use.
   *
   * @throws IOException when the run's journals cannot be opened, or these journals cannot be read back (the default)
   */
  default RunJournals read(RunSpec spec) throws IOException {
    throw new IOException(this + " cannot read back a run");
  }

  /**
   * Checks every journal of run {@code runId} of flow {@code flow} as these journals keep it: each
   * record whole, each seal (with a key), each journal's count against the manifest.
   *
   * @return what is wrong, one line per problem; empty when the run is whole
   * @throws IOException when the run cannot be read, or these journals cannot check runs (the default)
   */
  default java.util.List<String> verify(String flow, String runId) throws IOException {
    throw new IOException(this + " cannot check a run");
  }
}

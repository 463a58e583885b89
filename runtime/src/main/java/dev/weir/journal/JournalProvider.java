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
}

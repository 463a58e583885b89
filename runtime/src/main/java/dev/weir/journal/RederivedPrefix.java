package dev.weir.journal;

import dev.weir.flow.DeadLetter;
import dev.weir.flow.EventRef;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.RecordKind;
import java.util.List;

/**
 * The records a journal of a resumed run already held when the run was resumed. The resumed stage
 * produces them again, in the same order; each one it produces is checked against the one journaled
 * at its seq, and is not appended a second time. A record that differs means the stage, or what it
 * read, is not what the interrupted run saw: the resume cannot go on ({@link JournalException.Problem#DIVERGED}).
 *
 * <p>What is compared: kind, parent, joined reference, correlation id, cycle depth, fallback mark, and
 * the payload's encoded bytes (by CRC32C); for a dead letter, its error kind instead of its bytes, since
 * its message may hold timings or addresses that differ between runs. The timestamp is not compared.
 * Reads go front to back, one chunk at a time.
 */
public final class RederivedPrefix {

  private static final int CHUNK = 4096;

  private final JournalView journal;
  private final long last;
  private List<JournalRecord> chunk = List.of();
  private long chunkFirst = 1;

  /** @param last the last seq the journal held when the run was resumed */
  public RederivedPrefix(JournalView journal, long last) {
    this.journal = journal;
    this.last = last;
  }

  public long last() {
    return last;
  }

  /**
   * Checks what the stage produced again at {@code seq} against the journaled record.
   *
   * @param parent the parent the stage gave it
   * @param joined the reference event it was joined with, or {@link EventRef#NONE}
   * @param payloadCrc the CRC32C of its payload as encoded now
   * @throws JournalException ({@code DIVERGED}) naming the journal, the seq and both records
   */
  public void check(long seq, RecordKind kind, EventRef parent, EventRef joined, long correlation, int depth, boolean fallback,
      Object payload, int payloadCrc) {
    if (kind == RecordKind.END_OF_STREAM && seq < last) {
      // nothing follows an end of stream: what the journal holds after it, no stage of this run wrote
      throw new JournalException(JournalException.Problem.DIVERGED, "journal " + journal.id() + " seq " + seq
          + ": the resumed stage ended here, but the journal held " + last + " records when the run was resumed: seqs "
          + (seq + 1) + ".." + last + " were not written by this stage (another writer?), and the run cannot go on"
          + " over them");
    }
    JournalRecord r = at(seq);
    String differs = null;
    if (r.kind() != kind) {
      differs = "kind " + r.kind() + " journaled, " + kind + " now";
    } else if (!r.parent().equals(parent)) {
      differs = "parent " + describe(r.parent()) + " journaled, " + describe(parent) + " now";
    } else if (!r.joined().equals(joined)) {
      differs = "joined reference " + describe(r.joined()) + " journaled, " + describe(joined) + " now";
    } else if (r.correlationId() != correlation || r.depth() != depth) {
      differs = "correlation/depth " + r.correlationId() + "/" + r.depth() + " journaled, " + correlation + "/" + depth
          + " now";
    } else if (r.fallback() != fallback) {
      differs = fallback ? "a fallback answered it now, the handler did before" : "the handler answered it now, a"
          + " fallback did before";
    } else if (kind == RecordKind.ERROR) {
      DeadLetter before = (DeadLetter) r.payload();
      DeadLetter now = (DeadLetter) payload;
      if (before.kind() != now.kind()) {
        differs = "dead letter of kind " + before.kind() + " journaled (" + before.message() + "), " + now.kind()
            + " now (" + now.message() + ")";
      }
    } else if (r.payloadCrc() != payloadCrc) {
      differs = "payload " + abbreviate(r.payload()) + " journaled, " + abbreviate(payload) + " now";
    }
    if (differs != null) {
      throw new JournalException(JournalException.Problem.DIVERGED, "journal " + journal.id() + " seq " + seq
          + ": the resumed run produced another record than the interrupted run journaled there (" + differs
          + "); a resumed stage must do exactly what it did before with the same input: is it deterministic, and"
          + " is its input the same?");
    }
  }

  private JournalRecord at(long seq) {
    if (seq < chunkFirst || seq >= chunkFirst + chunk.size()) {
      chunk = journal.read(seq, (int) Math.min(CHUNK, last - seq + 1));
      chunkFirst = seq;
      if (chunk.isEmpty()) {
        throw new JournalException(JournalException.Problem.READ_FAILED, "journal " + journal.id()
            + ": cannot read back seq " + seq + " of the " + last + " records it held when the run was resumed");
      }
    }
    return chunk.get((int) (seq - chunkFirst));
  }

  private static String describe(EventRef ref) {
    return ref.equals(EventRef.NONE) ? "none" : ref.stage() + "#" + ref.seq();
  }

  private static String abbreviate(Object payload) {
    String s = String.valueOf(payload);
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}

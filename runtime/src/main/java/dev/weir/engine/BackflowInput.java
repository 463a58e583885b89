package dev.weir.engine;

import dev.weir.flow.EndOfStream;
import dev.weir.flow.RecordKind;
import dev.weir.journal.Journal;
import dev.weir.flow.JournalRecord;
import java.util.List;

/**
 * A backflow edge into a cycle's entry point, read from the writer's journal instead of its ring.
 * Its reader does not gate the writer, so a cycle can never deadlock on full rings: the writer
 * never waits for the entry point, and what the entry point has not read yet is in the journal.
 * Each event read here has gone once more around the cycle: its depth grows by one.
 */
final class BackflowInput extends EdgeReader {

  private final Journal journal;
  private final Slot scratch = new Slot();
  private long nextSeq = 1;

  BackflowInput(StageRunner reader, StageRunner writer, Journal writerJournal) {
    super(reader, writer, writer.name() + " -> " + reader.name() + " (backflow)");
    this.journal = writerJournal;
  }

  @Override
  public boolean hasInput() {
    return !ended() && journal.lastSeq() >= nextSeq;
  }

  @Override
  public int poll(int budget) throws Exception {
    if (!hasInput()) {
      return 0;
    }
    List<JournalRecord> records = journal.read(nextSeq, budget);
    int handled = 0;
    for (JournalRecord r : records) {
      handled++;
      nextSeq = r.seq() + 1;
      if (r.kind() == RecordKind.DATA) {
        Slot s = scratch;
        s.kind = Slot.DATA;
        s.seq = r.seq();
        s.correlation = r.correlationId();
        s.depth = r.depth() + 1;
        s.payload = r.payload();
        s.payloadCrc = r.payloadCrc();
        deliver(s);
        s.payload = null;
        if (reader.halted()) {
          break;
        }
      } else if (r.kind() == RecordKind.END_OF_STREAM) {
        EndOfStream eos = (EndOfStream) r.payload();
        endOfStream(eos.lastSeq(), eos.checksum());
        break;
      }
    }
    return handled;
  }
}

package dev.weir.engine;

import dev.weir.contract.ContractViolation;
import dev.weir.contract.TransportContract;
import dev.weir.event.EndOfStream;
import dev.weir.event.RecordKind;
import dev.weir.journal.Journal;
import dev.weir.journal.JournalRecord;
import java.util.List;
import java.util.Optional;

/**
 * A backflow edge into a cycle's entry point, read from the writer's journal instead of its ring.
 * Its reader does not gate the writer, so a cycle can never deadlock on full rings: the writer
 * never waits for the entry point, and what the entry point has not read yet is in the journal.
 * Each event read here has gone once more around the cycle: its depth grows by one.
 */
final class BackflowInput implements StageInput {

  private final StageRunner reader;
  private final StageRunner writer;
  private final Journal journal;
  private final TransportContract contract;
  private final Slot scratch = new Slot();
  private long nextSeq = 1;
  private boolean ended;

  BackflowInput(StageRunner reader, StageRunner writer, Journal writerJournal) {
    this.reader = reader;
    this.writer = writer;
    this.journal = writerJournal;
    this.contract = new TransportContract(writer.name() + " -> " + reader.name() + " (backflow)");
  }

  @Override
  public StageRunner writer() {
    return writer;
  }

  @Override
  public String edge() {
    return contract.edge();
  }

  @Override
  public boolean ended() {
    return ended;
  }

  /** Data events read so far. */
  long received() {
    return contract.received();
  }

  @Override
  public boolean hasInput() {
    return !ended && journal.lastSeq() >= nextSeq;
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
        ContractViolation broken = contract.onData(r.seq(), r.payload());
        if (broken != null) {
          reader.contractBroken(broken);
        }
        Slot s = scratch;
        s.kind = Slot.DATA;
        s.seq = r.seq();
        s.correlation = r.correlationId();
        s.depth = r.depth() + 1;
        s.payload = r.payload();
        reader.received++;
        reader.onData(s, writer.index());
        s.payload = null;
        if (reader.halted()) {
          break;
        }
      } else if (r.kind() == RecordKind.END_OF_STREAM) {
        ended = true;
        EndOfStream eos = (EndOfStream) r.payload();
        Optional<ContractViolation> broken = contract.onEnd(eos.lastSeq(), eos.checksum());
        if (broken.isPresent()) {
          reader.contractBroken(broken.get());
        }
        reader.supervisor().contractPassed("transport " + contract.edge(), contract.passedEvidence());
        break;
      }
    }
    return handled;
  }
}

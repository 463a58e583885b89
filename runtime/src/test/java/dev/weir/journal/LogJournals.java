package dev.weir.journal;

import dev.weir.flow.JournalRecord;
import dev.weir.flow.RecordKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Journals kept outside the runtime's own classes, through {@link JournalProvider}: each journal a log
 * of standalone frames ({@link FrameCodec}) in a list, as a topic would hold them, one frame per
 * record. A stand-in for a remote log in tests of the provider contract.
 */
final class LogJournals implements JournalProvider {

  /** The frames of every journal of the last run opened, by journal id. */
  final Map<String, List<byte[]>> logs = new LinkedHashMap<>();
  /** What the last run was opened for: its codecs decode the frames. */
  volatile RunSpec lastSpec;

  @Override
  public RunJournals open(RunSpec spec) {
    lastSpec = spec;
    return new Run(spec, this);
  }

  @Override
  public String toString() {
    return "LogJournals";
  }

  private static final class Run implements RunJournals {
    final RunSpec spec;
    final Map<String, Log> byId = new LinkedHashMap<>();

    Run(RunSpec spec, LogJournals owner) {
      this.spec = spec;
      java.util.Set<String> ordered = RunJournals.orderedStages(spec.definition());
      List<String> names = spec.stageNames();
      for (int i = 0; i < names.size(); i++) {
        for (String suffix : ordered.contains(names.get(i)) ? List.of("data", "errors", "order") : List.of("data", "errors")) {
          add(owner, names.get(i) + "." + suffix, i);
        }
      }
      add(owner, "system", -1);
    }

    private void add(LogJournals owner, String id, int stage) {
      List<byte[]> frames = new CopyOnWriteArrayList<>();
      owner.logs.put(id, frames);
      byId.put(id, new Log(id, FrameCodec.of(spec, stage, id, 1 << 20), FrameCodec.of(spec, stage, id, 1 << 20), frames));
    }

    private Log get(String id) {
      Log l = byId.get(id);
      if (l == null) {
        throw new NoSuchElementException("no journal " + id);
      }
      return l;
    }

    @Override public String runId() { return spec.runId(); }
    @Override public List<String> stageNames() { return spec.stageNames(); }
    @Override public Journal data(String stage) { return get(stage + ".data"); }
    @Override public Journal errors(String stage) { return get(stage + ".errors"); }
    @Override public Journal system() { return get("system"); }
    @Override public Optional<Journal> order(String stage) { return Optional.ofNullable(byId.get(stage + ".order")); }
    @Override public void close() {}
  }

  /** One journal: appends gather in a batch, a flush adds them to the log. */
  private static final class Log implements Journal {
    final String id;
    final FrameCodec writer;
    final FrameCodec reader;
    final List<byte[]> log;
    final List<byte[]> batch = new ArrayList<>();
    long appended;

    Log(String id, FrameCodec writer, FrameCodec reader, List<byte[]> log) {
      this.id = id;
      this.writer = writer;
      this.reader = reader;
      this.log = log;
    }

    @Override public String id() { return id; }

    @Override
    public int append(long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq,
        long correlationId, int depth, long timestamp, Object payload) {
      return append(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth, timestamp, payload,
          false);
    }

    @Override
    public int append(long seq, RecordKind kind, int parentStage, long parentSeq, int joinedStage, long joinedSeq,
        long correlationId, int depth, long timestamp, Object payload, boolean fallback) {
      if (seq != appended + 1) {
        throw new IllegalStateException("journal " + id + ": append of seq " + seq + " after " + appended);
      }
      batch.add(writer.encode(seq, kind, parentStage, parentSeq, joinedStage, joinedSeq, correlationId, depth,
          timestamp, payload, fallback));
      appended = seq;
      return writer.lastPayloadCrc();
    }

    @Override public byte[] lastPayload() { return writer.lastPayload(); }

    @Override
    public void flush() {
      log.addAll(batch);
      batch.clear();
    }

    @Override public long lastSeq() { return log.size(); }

    @Override
    public synchronized List<JournalRecord> read(long fromSeq, int maxRecords) {
      List<JournalRecord> out = new ArrayList<>();
      for (long seq = Math.max(1, fromSeq); seq <= log.size() && out.size() < maxRecords; seq++) {
        out.add(reader.decode(log.get((int) seq - 1), seq));
      }
      return out;
    }
  }
}

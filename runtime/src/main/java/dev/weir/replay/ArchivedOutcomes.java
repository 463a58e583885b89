package dev.weir.replay;

import dev.weir.flow.Codec;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.RecordKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * What a stage did in an archived run, input by input: for a sink, the receipt it journaled for an
 * input, or the dead letter it wrote instead; for an async transform, the output its call gave for an
 * input, or the dead letter. A sink that a replay skips, an {@code Effect} on a replay, and a resumed
 * sink or async transform read their outcomes here instead of calling their handler again.
 *
 * <p>An outcome is copied only for the very input the original sink got: the same upstream and seq,
 * correlation id and cycle depth, and a payload whose encoded bytes have the CRC32C of the archived
 * upstream's record (re-encoded by the current codec where the archive is upcast). Each input of a
 * sink arrives in its upstream's seq order and the original journaled its outcomes in that order
 * too, so this reads each journal once, front to back, with cursors per upstream: nothing is held
 * in memory beyond a chunk per cursor.
 */
public final class ArchivedOutcomes {

  private static final int CHUNK = 4096;

  private final JournalView outcomes;
  private final RecordKind delivered;
  private final JournalView errors;
  private final Function<String, ? extends JournalView> upstreamData;
  private final Map<String, Codec<Object>> reencode;
  private final Map<String, Upstream> byUpstream = new HashMap<>();
  private String lastMiss = "";
  private boolean diverged;

  /**
   * @param receipts the sink's data journal in the archived run (one receipt per delivered input)
   * @param errors the sink's error journal in the archived run
   * @param upstreamData each upstream stage's data journal in the archived run, by name
   * @param reencode for upstreams whose archive is read upcast: the codec the replay encodes them with
   */
  public ArchivedOutcomes(JournalView receipts, JournalView errors, Function<String, ? extends JournalView> upstreamData,
      Map<String, Codec<Object>> reencode) {
    this(receipts, RecordKind.RECEIPT, errors, upstreamData, reencode);
  }

  /**
   * As {@link #ArchivedOutcomes(JournalView, JournalView, Function, Map)} for a stage whose outcome for
   * an input is a record of kind {@code delivered} in {@code outcomes}: {@code RECEIPT} for a sink,
   * {@code DATA} for an async transform (one output per input).
   */
  public ArchivedOutcomes(JournalView outcomes, RecordKind delivered, JournalView errors,
      Function<String, ? extends JournalView> upstreamData, Map<String, Codec<Object>> reencode) {
    this.delivered = Objects.requireNonNull(delivered, "delivered");
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.upstreamData = Objects.requireNonNull(upstreamData, "upstreamData");
    this.reencode = Map.copyOf(reencode);
  }

  /**
   * The archived stage's record for the input {@code seq} of stage {@code upstream}: a
   * {@code RECEIPT} (a sink's) or {@code DATA} record (an async transform's output), or an
   * {@code ERROR} whose payload is the original dead letter; null when the archived stage never
   * received that input or received another event in its place (then {@link #lastMiss()} says which,
   * and {@link #divergedAtLastMiss()} tells the two apart). Called with each upstream's seqs in
   * increasing order.
   *
   * @param correlation the input's correlation id
   * @param depth the input's cycle depth
   * @param payloadCrc the CRC32C of the input's encoded payload
   */
  public JournalRecord outcome(String upstream, long seq, long correlation, int depth, int payloadCrc) {
    Upstream u = byUpstream.computeIfAbsent(upstream, Upstream::new);
    JournalRecord r = u.receipts.find(seq);
    if (r == null) {
      r = u.errors.find(seq);
    }
    if (r == null) {
      lastMiss = "never received " + upstream + "#" + seq;
      diverged = false;
      return null;
    }
    if (r.correlationId() != correlation || r.depth() != depth || u.payloadCrc(seq) != payloadCrc) {
      lastMiss = "received another event as " + upstream + "#" + seq;
      diverged = true;
      return null;
    }
    diverged = false;
    return r;
  }

  /** Whether the last {@link #outcome} that returned null found another event than the one asked about. */
  public boolean divergedAtLastMiss() {
    return diverged;
  }

  /** Why the last {@link #outcome} returned null, for example {@code never received doubled#501}. */
  public String lastMiss() {
    return lastMiss;
  }

  /** The cursors of one upstream: over the sink's receipts and dead letters, and its own archived data. */
  private final class Upstream {

    final Cursor receipts;
    final Cursor errors;
    private final JournalView data;
    private final Codec<Object> codec;
    private List<JournalRecord> chunk = List.of();
    private long chunkFirst = 1;

    Upstream(String name) {
      this.receipts = new Cursor(ArchivedOutcomes.this.outcomes, delivered, name);
      this.errors = new Cursor(ArchivedOutcomes.this.errors, RecordKind.ERROR, name);
      this.data = upstreamData.apply(name);
      this.codec = reencode.get(name);
    }

    /** The CRC32C of the archived upstream's event {@code seq} as the replay encodes it. */
    int payloadCrc(long seq) {
      if (seq < chunkFirst || seq >= chunkFirst + chunk.size()) {
        chunk = data.read(seq, CHUNK);
        chunkFirst = seq;
      }
      if (chunk.isEmpty()) {
        return 0; // cannot happen for an input the sink has an outcome for; never a match by chance
      }
      JournalRecord r = chunk.get((int) (seq - chunkFirst));
      if (codec == null || r.kind() != RecordKind.DATA) {
        return r.payloadCrc();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        codec.encode(r.payload(), out);
      } catch (IOException e) {
        throw new UncheckedIOException("re-encoding " + data.id() + " seq " + seq + " failed: " + e.getMessage(), e);
      }
      CRC32C crc = new CRC32C();
      crc.update(out.toByteArray());
      return (int) crc.getValue();
    }
  }

  /** Reads one journal's records of one kind whose parent is one upstream, in order. */
  private static final class Cursor {

    private final JournalView journal;
    private final RecordKind kind;
    private final String upstream;
    private List<JournalRecord> chunk = List.of();
    private int next;
    private long nextSeq = 1;
    private boolean exhausted;

    Cursor(JournalView journal, RecordKind kind, String upstream) {
      this.journal = journal;
      this.kind = kind;
      this.upstream = upstream;
    }

    /** The record whose parent is {@code upstream}#{@code seq}, consumed; null if there is none. */
    JournalRecord find(long seq) {
      for (JournalRecord r = peek(); r != null; r = peek()) {
        long parent = r.parent().seq();
        if (parent > seq) {
          return null; // the original's next outcome for this upstream is for a later input
        }
        next++;
        if (parent == seq) {
          return r;
        }
        // an outcome for an input this replay did not deliver (it diverged upstream): passed over
      }
      return null;
    }

    private JournalRecord peek() {
      for (;;) {
        while (next < chunk.size()) {
          JournalRecord r = chunk.get(next);
          if (r.kind() == kind && r.parent().stage().equals(upstream)) {
            return r;
          }
          next++;
        }
        if (exhausted) {
          return null;
        }
        chunk = journal.read(nextSeq, CHUNK);
        next = 0;
        if (chunk.isEmpty()) {
          exhausted = true;
        } else {
          nextSeq = chunk.get(chunk.size() - 1).seq() + 1;
        }
      }
    }
  }
}

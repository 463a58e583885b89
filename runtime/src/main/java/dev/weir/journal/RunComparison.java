package dev.weir.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.event.Consumed;
import dev.weir.event.RawInput;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.EndOfStream;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.JournalView;
import dev.weir.flow.RecordKind;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether two run directories hold the same journals, record for record: the proof that a resumed
 * run wrote what an uninterrupted run of the same deterministic flow writes. Both runs are opened
 * read-only ({@link RunArchive#open(Path, byte[])}, payloads as JSON trees) and every journal is
 * streamed in chunks of {@value #CHUNK} records, so runs of millions of records are compared in
 * bounded memory.
 *
 * <p>What is compared, for every stage both manifests have (the flow's name and the stage names
 * must be the same, else that is a difference):
 *
 * <ul>
 *   <li>data journals: every record's seq, kind, parent, joined event, correlation id, depth,
 *       fallback mark and payload bytes, and the journals' lengths;
 *   <li>error journals: the same header fields and lengths; of a dead letter, its error kind, the
 *       exception's class, the attempts made and the input's bytes, but not the exception's
 *       message, which may carry timings or other run-specific text; of the journal's end of
 *       stream, the last seq but not the checksum, which is computed over the whole dead letters,
 *       messages included;
 *   <li>order journals (stages with several inputs, and stateful stages): the order in which the
 *       stage consumed its inputs. How many records one poll took is timing, so consecutive
 *       records of one input are merged into one entry, a timer firing is an entry of its own,
 *       and the journal's end of stream is compared by its presence only (its count and checksum
 *       are of the unmerged records). Once two order journals disagree, the rest of them is not
 *       compared: their positions no longer line up.
 * </ul>
 *
 * <p>Not compared: timestamps, run ids, the system journal (its lifecycle records differ between
 * runs) and the rest of the manifests.
 */
public final class RunComparison {

  /** How many records are read from a journal at a time. */
  static final int CHUNK = 1024;

  /** How many differences of one journal are listed; the rest are counted. */
  public static final int SHOWN_PER_JOURNAL = 20;

  /** How long a payload is shown in a difference before it is cut with {@code ...}. */
  private static final int SHOWN_CHARS = 80;

  /** The pseudo-journal that differences of the runs as a whole (flow, stages) are reported under. */
  public static final String MANIFEST = "manifest";

  /**
   * What was compared of one journal.
   *
   * @param journal the journal's id ({@code orders.data}), or {@link #MANIFEST}
   * @param recordsA how many records run A's journal holds
   * @param recordsB how many records run B's journal holds
   * @param compared how many were compared: pairs of records of a data or error journal, entries
   *     (consecutive records of one input merged) of an order journal
   * @param differences how many differences were found (all of them, also those not listed)
   */
  public record JournalResult(String journal, long recordsA, long recordsB, long compared, long differences) {

    /** Whether nothing differs in this journal. */
    public boolean same() {
      return differences == 0;
    }
  }

  private final List<String> shown = new ArrayList<>();
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private final List<JournalResult> journals = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private RunComparison() {}

  /**
   * Compares run directories {@code runA} and {@code runB}.
   *
   * @param key the HMAC key the runs were sealed with ({@code DiskJournals.keyFromEnvironment()}),
   *     or null for runs without one
   * @throws IOException when either is not a readable run directory (the message names it)
   * @throws JournalException when a journal cannot be read (corrupt, or sealed and no key given)
   */
  public static RunComparison compare(Path runA, Path runB, byte[] key) throws IOException {
    Objects.requireNonNull(runA, "runA");
    Objects.requireNonNull(runB, "runB");
    Manifest.read(runA); // both are checked before either is opened: a bad second path is said at once
    Manifest.read(runB);
    RunComparison c = new RunComparison();
    try (RunArchive a = RunArchive.open(runA, key); RunArchive b = RunArchive.open(runB, key)) {
      a.tornTails().forEach(t -> c.notes.add("A: " + t));
      b.tornTails().forEach(t -> c.notes.add("B: " + t));
      c.compareRuns(a.manifest().flow(), b.manifest().flow(), Side.of(a), Side.of(b));
    }
    return c;
  }

  /**
   * Compares the journals of two runs as their views read them (a run's journals on Kafka, say,
   * against a run on memory journals kept whole), as {@link #compare(Path, Path, byte[])} compares run
   * directories; the flows' names are not known here, and not compared. Both views must hold every
   * record (memory journals with {@code keepAll()}).
   */
  public static RunComparison compare(dev.weir.flow.RunView a, dev.weir.flow.RunView b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    RunComparison c = new RunComparison();
    c.compareRuns(null, null, Side.of(a), Side.of(b));
    return c;
  }

  /** One run's journals as the comparison reads them. */
  private record Side(List<String> stages, java.util.function.Function<String, JournalView> data,
      java.util.function.Function<String, JournalView> errors,
      java.util.function.Function<String, java.util.Optional<? extends JournalView>> order) {

    static Side of(RunArchive a) {
      return new Side(a.manifest().stages().stream().map(Manifest.StageEntry::name).toList(), a::data, a::errors,
          a::order);
    }

    static Side of(dev.weir.flow.RunView v) {
      return new Side(v.stageNames(), v::data, v::errors, v::order);
    }
  }

  /** Whether the two runs hold the same journals (as the class describes). */
  public boolean same() {
    return differenceCount() == 0;
  }

  /**
   * The differences, in stage order: at most {@value #SHOWN_PER_JOURNAL} of each journal, then a
   * line with how many more there are; a journal's length difference is always listed.
   */
  public List<String> differences() {
    return List.copyOf(shown);
  }

  /**
   * What was found while opening the runs that is not a difference by itself: a journal's torn
   * tail (a run that crashed while writing, or a copy cut short), prefixed {@code A: } or {@code B: }.
   * The records before it are compared; a journal that is shorter for it shows as a length difference.
   */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** How many differences were found, also those {@link #differences()} does not list. */
  public long differenceCount() {
    return tallies.values().stream().mapToLong(t -> t.differences).sum();
  }

  /** How many records (and order entries) were compared, over every journal. */
  public long recordsCompared() {
    return journals.stream().mapToLong(JournalResult::compared).sum();
  }

  /** What was compared of each journal, in stage order; {@link #MANIFEST} first when the runs differ as a whole. */
  public List<JournalResult> journals() {
    return List.copyOf(journals);
  }

  /** How many journals (not counting {@link #MANIFEST}) were compared. */
  public int journalsCompared() {
    return (int) journals.stream().filter(j -> !j.journal().equals(MANIFEST)).count();
  }

  /** How many journals (counting {@link #MANIFEST}, for differences of the runs as a whole) differ. */
  public int journalsDiffering() {
    return (int) journals.stream().filter(j -> !j.same()).count();
  }

  /** {@code same: N records in M journals} or {@code differ: K differences in J journals (N records compared)}. */
  public String summary() {
    long k = differenceCount();
    int j = journalsDiffering();
    return same() ? "same: " + recordsCompared() + " records in " + journalsCompared() + " journals"
        : "differ: " + k + " difference" + (k == 1 ? "" : "s") + " in " + j + " journal" + (j == 1 ? "" : "s") + " ("
            + recordsCompared() + " records compared)";
  }

  // ---------------------------------------------------------------- the runs

  /** @param flowA the flow of run A, null when not known (then flows are not compared) */
  private void compareRuns(String flowA, String flowB, Side a, Side b) {
    Tally manifest = tally(MANIFEST);
    if (flowA != null && !flowA.equals(flowB)) {
      manifest.add("flow differs: A is '" + flowA + "', B is '" + flowB + "'");
    }
    Set<String> namesA = new LinkedHashSet<>(a.stages());
    Set<String> namesB = new LinkedHashSet<>(b.stages());
    for (String s : namesA) {
      if (!namesB.contains(s)) {
        manifest.add("stage '" + s + "' is only in A (B has " + namesB + ")");
      }
    }
    for (String s : namesB) {
      if (!namesA.contains(s)) {
        manifest.add("stage '" + s + "' is only in B (A has " + namesA + ")");
      }
    }
    manifest.finish();
    if (manifest.differences > 0) {
      journals.add(new JournalResult(MANIFEST, 0, 0, 0, manifest.differences));
    }
    for (String s : namesA) {
      if (!namesB.contains(s)) {
        continue;
      }
      compareRecords(s + ".data", a.data().apply(s), b.data().apply(s), false);
      compareRecords(s + ".errors", a.errors().apply(s), b.errors().apply(s), true);
      java.util.Optional<? extends JournalView> orderA = a.order().apply(s);
      java.util.Optional<? extends JournalView> orderB = b.order().apply(s);
      if (orderA.isPresent() && orderB.isPresent()) {
        compareOrder(s + ".order", orderA.get(), orderB.get());
      } else if (orderA.isPresent() != orderB.isPresent()) {
        String id = s + ".order";
        Tally t = tally(id);
        t.add(id + ": only " + (orderA.isPresent() ? "A" : "B") + " has an order journal");
        journals.add(new JournalResult(id, orderA.map(JournalView::lastSeq).orElse(0L),
            orderB.map(JournalView::lastSeq).orElse(0L), 0, t.differences));
      }
    }
  }

  // ---------------------------------------------------------------- data and error journals

  private void compareRecords(String id, JournalView a, JournalView b, boolean errors) {
    Tally t = tally(id);
    Chunks ca = new Chunks(a);
    Chunks cb = new Chunks(b);
    long compared = 0;
    boolean longer = false;
    while (true) {
      JournalRecord ra = ca.next();
      JournalRecord rb = cb.next();
      if (ra == null || rb == null) {
        longer = ra != null || rb != null;
        break;
      }
      compared++;
      String why = errors ? errorDifference(id, ra, rb) : dataDifference(ra, rb);
      if (why != null) {
        t.add(id + " seq " + ra.seq() + ": " + why);
      }
    }
    t.finish();
    if (longer) {
      t.addAlways(id + ": A has " + a.lastSeq() + " records, B has " + b.lastSeq() + " (first missing seq "
          + (Math.min(a.lastSeq(), b.lastSeq()) + 1) + ")");
    }
    journals.add(new JournalResult(id, a.lastSeq(), b.lastSeq(), compared, t.differences));
  }

  /** What differs in the header fields of two records at one position, joined with {@code ; }; empty when nothing. */
  private static List<String> headerDifferences(JournalRecord a, JournalRecord b) {
    List<String> out = new ArrayList<>();
    if (a.seq() != b.seq()) { // never when both journals are whole: seqs are gapless from 1
      out.add("seq differs: " + a.seq() + " vs " + b.seq());
    }
    if (a.kind() != b.kind()) {
      out.add("kind differs: " + a.kind() + " vs " + b.kind());
    }
    if (!a.parent().equals(b.parent())) {
      out.add("parent differs: " + a.parent() + " vs " + b.parent());
    }
    if (!a.joined().equals(b.joined())) {
      out.add("joined differs: " + a.joined() + " vs " + b.joined());
    }
    if (a.correlationId() != b.correlationId()) {
      out.add("correlation id differs: " + a.correlationId() + " vs " + b.correlationId());
    }
    if (a.depth() != b.depth()) {
      out.add("depth differs: " + a.depth() + " vs " + b.depth());
    }
    if (a.fallback() != b.fallback()) {
      out.add("fallback differs: " + a.fallback() + " vs " + b.fallback());
    }
    return out;
  }

  private static String dataDifference(JournalRecord a, JournalRecord b) {
    List<String> out = headerDifferences(a, b);
    if (a.kind() == b.kind() && !Arrays.equals(a.payloadBytes(), b.payloadBytes())) {
      out.add(a.kind() == RecordKind.END_OF_STREAM ? "end of stream differs: " + a.payload() + " vs " + b.payload()
          : "payload differs: " + shown(a.payload(), b.payload()));
    }
    return out.isEmpty() ? null : String.join("; ", out);
  }

  private static String errorDifference(String id, JournalRecord a, JournalRecord b) {
    List<String> out = headerDifferences(a, b);
    if (a.kind() != b.kind()) {
      return String.join("; ", out);
    }
    if (a.kind() == RecordKind.ERROR) {
      DeadLetter da = (DeadLetter) a.payload();
      DeadLetter db = (DeadLetter) b.payload();
      if (da.kind() != db.kind()) {
        out.add("error kind differs: " + da.kind() + " vs " + db.kind());
      }
      if (!da.exception().equals(db.exception())) {
        out.add("exception differs: " + da.exception() + " vs " + db.exception());
      }
      if (da.attempts() != db.attempts()) {
        out.add("attempts differ: " + da.attempts() + " vs " + db.attempts());
      }
      if (!Arrays.equals(inputBytes(id, a), inputBytes(id, b))) {
        out.add("dead letter input differs: " + shown(da.input(), db.input()));
      }
    } else if (a.kind() == RecordKind.END_OF_STREAM) {
      long la = ((EndOfStream) a.payload()).lastSeq();
      long lb = ((EndOfStream) b.payload()).lastSeq();
      if (la != lb) {
        out.add("end of stream differs: last seq " + la + " vs " + lb);
      }
    } else if (!Arrays.equals(a.payloadBytes(), b.payloadBytes())) {
      out.add("payload differs: " + shown(a.payload(), b.payload()));
    }
    return out.isEmpty() ? null : String.join("; ", out);
  }

  /**
   * The bytes of a dead letter's input (with the byte that says whether it is typed or raw text),
   * after its error kind, exception, message and attempts, as {@link RecordCodec} lays them out:
   * the input is compared by its bytes, as a data payload is, and the message not at all.
   */
  private static byte[] inputBytes(String id, JournalRecord r) {
    byte[] p = r.payloadBytes();
    try {
      ByteBuffer b = ByteBuffer.wrap(p);
      b.get(); // error kind
      skipString(b); // exception
      skipString(b); // message
      int formAt = b.position();
      byte form = b.get();
      if (form >= 2) { // tried more than once: the attempts follow
        b.getInt();
      }
      byte[] out = new byte[1 + b.remaining()];
      out[0] = (byte) (p[formAt] & 1); // typed or raw, without the attempts bit (attempts are compared apart)
      b.get(out, 1, b.remaining());
      return out;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IllegalStateException(id + " seq " + r.seq() + ": the dead letter's " + p.length + " bytes are not laid"
          + " out as this Weir writes dead letters (error kind, exception, message, form, input): cannot compare it", e);
    }
  }

  private static void skipString(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("string length " + n);
    }
    b.position(b.position() + n);
  }

  // ---------------------------------------------------------------- order journals

  private void compareOrder(String id, JournalView a, JournalView b) {
    Tally t = tally(id);
    OrderEntries ea = new OrderEntries(a);
    OrderEntries eb = new OrderEntries(b);
    long compared = 0;
    while (true) {
      OrderEntry x = ea.next();
      OrderEntry y = eb.next();
      if (x == null || y == null) {
        if (x != null || y != null) {
          OrderEntry extra = x != null ? x : y;
          long na = x != null ? ea.count() + ea.drain() : ea.count();
          long nb = y != null ? eb.count() + eb.drain() : eb.count();
          t.addAlways(id + ": A has " + na + " entries, B has " + nb + " (consecutive records of one input merged;"
              + " first missing entry " + (Math.min(na, nb) + 1) + ", " + (x != null ? "A" : "B") + " seq "
              + extra.firstSeq() + ": " + extra + ")");
        }
        break;
      }
      compared++;
      if (!x.sameAs(y)) {
        t.addAlways(id + " entry " + ea.count() + " (A seq " + x.firstSeq() + ", B seq " + y.firstSeq() + "): "
            + x + " vs " + y + "; the rest of this order journal is not compared");
        break;
      }
    }
    journals.add(new JournalResult(id, a.lastSeq(), b.lastSeq(), compared, t.differences));
  }

  /**
   * One entry of an order journal: {@code count} records of input {@code input} (consecutive
   * records merged), a timer firing ({@code input} {@link Consumed#TIMER}), the end of stream
   * ({@code kind} END_OF_STREAM), or any other record, compared by its payload bytes.
   */
  private record OrderEntry(RecordKind kind, int input, long count, long firstSeq, byte[] otherBytes, Object other) {

    boolean sameAs(OrderEntry o) {
      return kind == o.kind && input == o.input && count == o.count && Arrays.equals(otherBytes, o.otherBytes);
    }

    @Override
    public String toString() {
      if (kind == RecordKind.CONSUMED) {
        return input == Consumed.TIMER ? "a timer fired" : "consumed " + count + " record" + (count == 1 ? "" : "s")
            + " of input " + input;
      }
      return kind == RecordKind.END_OF_STREAM ? "end of stream" : kind + " " + other;
    }
  }

  /** The entries of an order journal, read in chunks. */
  private static final class OrderEntries {
    private final Chunks records;
    private JournalRecord pending;
    private long count;

    OrderEntries(JournalView j) {
      records = new Chunks(j);
    }

    /** The next entry, or null at the end. */
    OrderEntry next() {
      JournalRecord r = pending != null ? pending : records.next();
      pending = null;
      if (r == null) {
        return null;
      }
      count++;
      if (r.kind() == RecordKind.END_OF_STREAM) {
        return new OrderEntry(r.kind(), 0, 0, r.seq(), null, null);
      }
      if (!(r.payload() instanceof Consumed c)) {
        return new OrderEntry(r.kind(), 0, 0, r.seq(), r.payloadBytes(), r.payload());
      }
      if (c.isTimer()) {
        return new OrderEntry(r.kind(), Consumed.TIMER, 0, r.seq(), null, null);
      }
      long n = c.count();
      JournalRecord more;
      while ((more = records.next()) != null) {
        if (more.payload() instanceof Consumed m && !m.isTimer() && m.input() == c.input()) {
          n += m.count();
        } else {
          pending = more;
          break;
        }
      }
      return new OrderEntry(r.kind(), c.input(), n, r.seq(), null, null);
    }

    /** How many entries {@link #next()} returned. */
    long count() {
      return count;
    }

    /** Reads the rest; how many entries it held. */
    long drain() {
      long before = count;
      while (next() != null) {
        // counting only
      }
      return count - before;
    }
  }

  // ---------------------------------------------------------------- reading and reporting

  /** A journal's records one at a time, read {@value #CHUNK} at a time. */
  private static final class Chunks {
    private final JournalView journal;
    private List<JournalRecord> chunk = List.of();
    private int at;
    private long nextSeq = 1;

    Chunks(JournalView journal) {
      this.journal = journal;
    }

    JournalRecord next() {
      if (at == chunk.size()) {
        chunk = journal.read(nextSeq, CHUNK);
        at = 0;
        if (chunk.isEmpty()) {
          return null;
        }
        nextSeq = chunk.get(chunk.size() - 1).seq() + 1;
      }
      return chunk.get(at++);
    }
  }

  /** The differences of one journal: the first {@value #SHOWN_PER_JOURNAL} listed, all counted. */
  private final class Tally {
    private final String journal;
    private long differences;
    private long unlisted;

    Tally(String journal) {
      this.journal = journal;
    }

    void add(String line) {
      differences++;
      if (differences - unlisted <= SHOWN_PER_JOURNAL) {
        shown.add(line);
      } else {
        unlisted++;
      }
    }

    /** A difference listed even past the cap (a length difference, an order journal's one difference). */
    void addAlways(String line) {
      differences++;
      shown.add(line);
    }

    /** Lists how many were not listed; called once the journal's records are compared. */
    void finish() {
      if (unlisted > 0) {
        shown.add(journal + ": " + unlisted + " more difference" + (unlisted == 1 ? "" : "s") + " not listed");
      }
    }
  }

  private Tally tally(String journal) {
    return tallies.computeIfAbsent(journal, Tally::new);
  }

  /**
   * Two payloads as text, each cut to {@value #SHOWN_CHARS} characters; when they are longer and
   * begin alike, from a little before where they first differ.
   */
  static String shown(Object a, Object b) {
    String sa = text(a);
    String sb = text(b);
    if (sa.length() <= SHOWN_CHARS && sb.length() <= SHOWN_CHARS) {
      return sa + " vs " + sb;
    }
    int i = 0;
    while (i < sa.length() && i < sb.length() && sa.charAt(i) == sb.charAt(i)) {
      i++;
    }
    int from = i < SHOWN_CHARS - 10 ? 0 : i - 20;
    return cut(sa, from) + " vs " + cut(sb, from);
  }

  private static String cut(String s, int from) {
    String head = from > 0 ? "..." : "";
    if (from >= s.length()) {
      return head;
    }
    int to = Math.min(s.length(), from + SHOWN_CHARS);
    return head + s.substring(from, to) + (to < s.length() ? "..." : "");
  }

  private static String text(Object payload) {
    if (payload instanceof JsonNode n && n.isTextual() && n.asText().startsWith("base64:")) {
      return n.asText();
    }
    if (payload instanceof RawInput raw) {
      return "raw '" + raw.text() + "'";
    }
    return String.valueOf(payload);
  }
}

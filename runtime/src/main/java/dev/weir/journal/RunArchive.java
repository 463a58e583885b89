package dev.weir.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.flow.Codec;
import dev.weir.event.CodecRegistry;
import dev.weir.event.JsonCodec;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * A finished (or crashed) run directory opened for reading: its manifest and every journal. With
 * the flow's definition, payloads decode to their Java types; without it, to JSON trees (or
 * base64 for payloads that are not JSON), which is what the journal tool prints.
 */
public final class RunArchive implements ArchivedRun {

  private final Path runDir;
  private final Manifest manifest;
  private final StageJournals<DiskJournal> data;
  private final StageJournals<DiskJournal> errors;
  private final StageJournals<DiskJournal> orders;
  private final DiskJournal system;
  private final List<String> tornTails = new ArrayList<>();

  private RunArchive(Path runDir, Manifest manifest, List<Codec<Object>> outputs, byte[] key) {
    this.runDir = runDir;
    this.manifest = manifest;
    this.data = new StageJournals<>(runDir.toString());
    this.errors = new StageJournals<>(runDir.toString());
    this.orders = new StageJournals<>(runDir.toString());
    List<String> names = manifest.stages().stream().map(Manifest.StageEntry::name).toList();
    JournalOptions options = new JournalOptions(dev.weir.flow.Durability.parse(manifest.durability()),
        Math.max(4096, manifest.segmentBytes()), manifest.maxPayload(), manifest.hmac() ? requireKey(key, runDir) : null,
        FileFaults.NONE);
    Consumer<String> torn = tornTails::add;
    for (int i = 0; i < names.size(); i++) {
      Manifest.StageEntry s = manifest.stages().get(i);
      RecordCodec codec = new RecordCodec(i, outputs);
      data.put(s.name(), DiskJournal.open(s.name() + ".data", runDir.resolve(s.data()), names, codec, options, false, torn));
      errors.put(s.name(), DiskJournal.open(s.name() + ".errors", runDir.resolve(s.errors()), names, codec, options, false, torn));
      if (s.order() != null) {
        orders.put(s.name(), DiskJournal.open(s.name() + ".order", runDir.resolve(s.order()), names, codec, options, false, torn));
      }
    }
    system = DiskJournal.open("system", runDir.resolve(manifest.system()), names, new RecordCodec(-1, outputs), options,
        false, torn);
  }

  private static byte[] requireKey(byte[] key, Path runDir) {
    if (key == null) {
      throw new JournalException(JournalException.Problem.READ_FAILED, "run " + runDir
          + " was sealed with an HMAC key: give the same key (WEIR_JOURNAL_KEY) to read and verify it");
    }
    return key;
  }

  /** Opens a run with payloads decoded by {@code definition}'s element types (JSON with the default mapper). */
  public static RunArchive open(Path runDir, FlowDefinition definition, byte[] key) throws IOException {
    return open(runDir, definition, key, CodecRegistry.defaults());
  }

  /** As {@link #open(Path, FlowDefinition, byte[])}, decoding with {@code codecs}. */
  public static RunArchive open(Path runDir, FlowDefinition definition, byte[] key, CodecRegistry codecs)
      throws IOException {
    return open(runDir, definition, key, codecs, java.util.Map.of());
  }

  /**
   * As {@link #open(Path, FlowDefinition, byte[], CodecRegistry)}, decoding the data of the stages
   * in {@code decoders} with their decoder instead (an archive written at an older event version).
   */
  public static RunArchive open(Path runDir, FlowDefinition definition, byte[] key, CodecRegistry codecs,
      java.util.Map<String, Codec<Object>> decoders) throws IOException {
    Manifest m = Manifest.read(runDir);
    m.requireReadableJournals(runDir);
    codecs = codecs.withPayloadFormat(m.payloadFormatOrJson()); // payloads decode as the run wrote them
    List<StageDefinition> stages = new ArrayList<>();
    for (Manifest.StageEntry s : m.stages()) {
      stages.add(definition.stage(s.name()).orElseThrow(() -> new IOException("run " + runDir + " has stage '"
          + s.name() + "', which flow '" + definition.name() + "' does not have")));
    }
    List<Codec<Object>> outputs = new ArrayList<>(codecs.outputCodecs(stages));
    for (int i = 0; i < stages.size(); i++) {
      Codec<Object> d = decoders.get(stages.get(i).name());
      if (d != null) {
        outputs.set(i, d);
      }
    }
    return new RunArchive(runDir, m, outputs, key);
  }

  /** Opens a run without its flow: payloads decode to JSON trees. */
  public static RunArchive open(Path runDir, byte[] key) throws IOException {
    Manifest m = Manifest.read(runDir);
    m.requireReadableJournals(runDir);
    List<Codec<Object>> outputs = new ArrayList<>();
    for (Manifest.StageEntry s : m.stages()) {
      outputs.add(s.output() == null ? null : new TreeCodec(m.payloadFormatOrJson()));
    }
    return new RunArchive(runDir, m, outputs, key);
  }

  /**
   * The result of checking one journal of a run.
   *
   * @param journal the journal's id
   * @param records whole records found
   * @param seals HMAC batch seals found
   * @param lastSeq the last whole record's seq
   * @param tornTail a torn tail found at the end, if any
   * @param problem what is wrong with it (corruption, unreadable), if anything
   */
  public record JournalCheck(String journal, long records, long seals, long lastSeq, java.util.Optional<String> tornTail,
      java.util.Optional<String> problem) {

    /** Whether the journal is whole: no corruption (a torn tail alone is a crash's normal trace). */
    public boolean ok() {
      return problem.isEmpty();
    }
  }

  /**
   * Checks every journal of a run, frame by frame: magic, length bounds, CRC32C, seq continuity,
   * and the HMAC chain when the run was sealed (then {@code key} must be the run's key); then that
   * the run is whole: every journal directory is there, each journal holds as many records as the
   * manifest recorded when the run ended, a completed run's every stage journal ends with its end of
   * stream, and a sealed run's manifest seal matches. A problem of the run as a whole is reported on
   * a check named {@code manifest}.
   */
  public static List<JournalCheck> verify(Path runDir, byte[] key) throws IOException {
    Manifest m = Manifest.read(runDir);
    m.requireReadableJournals(runDir);
    byte[] usedKey = m.hmac() ? requireKey(key, runDir) : null;
    boolean completed = "COMPLETED".equals(m.status());
    List<JournalCheck> out = new ArrayList<>();
    java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>();
    java.util.Map<String, byte[]> tags = new java.util.HashMap<>();
    for (String[] j : m.journalDirectories()) {
      String id = j[0];
      Path dir = runDir.resolve(j[1]);
      if (!Files.isDirectory(dir)) {
        out.add(new JournalCheck(id, 0, 0, 0, java.util.Optional.empty(),
            java.util.Optional.of("journal " + id + ": its directory " + dir + " is missing")));
        continue;
      }
      JournalScanner scanner = new JournalScanner(id, dir, m.maxPayload(), usedKey);
      JournalScanner.Result r;
      LastRecord last = new LastRecord();
      try {
        r = scanner.scan(id.equals("system") ? last : null, DiskJournal.INDEX_EVERY);
      } catch (JournalException | IOException e) {
        out.add(new JournalCheck(id, 0, 0, 0, java.util.Optional.empty(), java.util.Optional.of(e.getMessage())));
        continue;
      }
      // a journal the run itself recorded as unknown (it failed while writing) is sealed as unknown
      Long recorded = m.journals() == null ? null : m.journals().get(id);
      counts.put(id, recorded != null && recorded == Manifest.UNKNOWN_COUNT ? Manifest.UNKNOWN_COUNT : r.lastSeq());
      tags.put(id, r.lastTag());
      java.util.Optional<String> problem = wholeness(m, id, r.lastSeq(), r.lastKind(), completed);
      if (problem.isEmpty() && !m.hmac() && r.seals() > 0) {
        problem = java.util.Optional.of("journal " + id + " holds " + r.seals() + " HMAC seals, but the manifest says the"
            + " run was not sealed: the manifest was edited; its seals were not checked");
      }
      if (problem.isEmpty() && completed && id.equals("system")) {
        problem = systemEnd(last, r.lastSeq());
      }
      out.add(new JournalCheck(id, r.records(), r.seals(), r.lastSeq(), r.tornTail(), problem));
    }
    if (!"RUNNING".equals(m.status()) && m.format() >= 2 && m.journals() == null) {
      out.add(new JournalCheck("manifest", 0, 0, 0, java.util.Optional.empty(), java.util.Optional.of("the manifest of"
          + " this ended run records no journal counts: it was edited, or the run did not end cleanly")));
    }
    if (!m.hmac() && key != null) {
      out.add(new JournalCheck("manifest", 0, 0, 0, java.util.Optional.empty(), java.util.Optional.of("a key was given,"
          + " but the manifest says this run was not sealed: nothing proves its journals were not edited (if it"
          + " was written without a key, verify it without one)")));
    }
    if (m.hmac() && !"RUNNING".equals(m.status())) {
      String why = m.seal() == null ? "the manifest of this sealed run has no seal over its journals"
          : counts.size() == m.journalDirectories().size()
              && !RunSeal.matches(m.seal(), usedKey, m, counts, tags)
              ? "the manifest's seal does not match its status, its settings and the journals' record counts and tags"
                  + " (a journal was cut back or replaced, or the manifest was edited)"
              : null;
      if (why != null) {
        out.add(new JournalCheck("manifest", 0, 0, 0, java.util.Optional.empty(), java.util.Optional.of(why)));
      }
    }
    return out;
  }

  /** Keeps the payload of the last record a scan visits (the system journal's: how the run ended). */
  private static final class LastRecord implements JournalScanner.Visitor {
    long seq;
    byte[] payload;

    @Override
    public void record(RecordFrame.Header header, byte[] bytes, int length) {
      seq = header.seq();
      payload = java.util.Arrays.copyOf(bytes, length);
    }
  }

  /** A completed run's system journal ends with the flow's COMPLETED state record. */
  private static java.util.Optional<String> systemEnd(LastRecord last, long lastSeq) {
    String why = null;
    if (last.payload == null || last.seq != lastSeq) {
      why = "its last record could not be read";
    } else {
      try {
        dev.weir.event.SystemEvent e = JsonCodec.<dev.weir.event.SystemEvent>of(dev.weir.event.SystemEvent.class)
            .decode(last.payload, 0, last.payload.length);
        if (e.type() != dev.weir.event.SystemEvent.Type.FLOW_STATE || !e.detail().startsWith("COMPLETED")) {
          why = "its last record is '" + e + "', not the flow's COMPLETED state";
        }
      } catch (IOException | RuntimeException ex) {
        why = "its last record does not decode: " + ex.getMessage();
      }
    }
    return why == null ? java.util.Optional.empty() : java.util.Optional.of("journal system of a completed run does not"
        + " end with the run's end (" + why + "): it was cut short");
  }

  /** What is missing from a journal of an ended run, if anything. */
  private static java.util.Optional<String> wholeness(Manifest m, String id, long lastSeq,
      java.util.Optional<dev.weir.flow.RecordKind> lastKind, boolean completed) {
    Long recorded = m.journals() == null ? null : m.journals().get(id);
    if (recorded == null && m.journals() != null) {
      return java.util.Optional.of("journal " + id + ": the manifest records no count for it (the manifest was edited)");
    }
    if (completed && recorded != null && recorded == Manifest.UNKNOWN_COUNT) {
      return java.util.Optional.of("journal " + id + " of a completed run has no count in the manifest (only a journal"
          + " that failed, in a run that did not complete, has none): the manifest was edited");
    }
    if (recorded != null && recorded != Manifest.UNKNOWN_COUNT && recorded != lastSeq) {
      return java.util.Optional.of("journal " + id + " holds " + lastSeq + " records, but the manifest says the run"
          + " ended with " + recorded + (lastSeq < recorded ? ": records " + (lastSeq + 1) + ".." + recorded
              + " are missing (cut short or deleted)" : ": records were added after the run ended"));
    }
    if (completed && !id.equals("system") && lastKind.orElse(null) != dev.weir.flow.RecordKind.END_OF_STREAM) {
      return java.util.Optional.of("journal " + id + " of a completed run does not end with its end of stream (last"
          + " record: " + (lastSeq == 0 ? "none" : "seq " + lastSeq + ", " + lastKind.map(Enum::name).orElse("?"))
          + "): it was cut short");
    }
    if (completed && id.equals("system") && lastSeq == 0) {
      return java.util.Optional.of("journal system of a completed run is empty");
    }
    return java.util.Optional.empty();
  }

  /** Finds run directories below {@code dir} (a run directory itself, or a flow or journal root). */
  public static List<Path> findRuns(Path dir) throws IOException {
    try (var walk = Files.walk(dir, 3)) {
      return walk.filter(p -> Files.isRegularFile(p.resolve(Manifest.FILE))).sorted().toList();
    }
  }

  public Path directory() {
    return runDir;
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  /** Torn tails found while opening (reported, not cut: the archive is opened read-only). */
  public List<String> tornTails() {
    return List.copyOf(tornTails);
  }

  @Override
  public Journal data(String stage) {
    return data.get(stage);
  }

  @Override
  public Journal errors(String stage) {
    return errors.get(stage);
  }

  @Override
  public Journal system() {
    return system;
  }

  /** The order journal of a stage with several inputs. */
  @Override
  public java.util.Optional<Journal> order(String stage) {
    return orders.find(stage).map(Journal.class::cast);
  }

  /** Whether the run's manifest says it completed. */
  @Override
  public boolean completed() {
    return "COMPLETED".equals(manifest.status());
  }


  @Override
  public void close() {
    for (DiskJournal j : data.all()) {
      j.closeReader();
    }
    for (DiskJournal j : errors.all()) {
      j.closeReader();
    }
    for (DiskJournal j : orders.all()) {
      j.closeReader();
    }
    system.closeReader();
  }

  /** Decodes payloads of the run's format (JSON or Smile) to trees, and anything else to a base64 text node. */
  private static final class TreeCodec implements Codec<Object> {
    private final Codec<JsonNode> json;

    TreeCodec(dev.weir.flow.PayloadFormat format) {
      json = JsonCodec.of(JsonNode.class, JsonCodec.newDefaultMapper(), format);
    }

    @Override
    public void encode(Object value, OutputStream out) {
      throw new UnsupportedOperationException("an archive opened without its flow is read-only");
    }

    @Override
    public Object decode(byte[] data, int offset, int length) {
      try {
        return json.decode(data, offset, length);
      } catch (IOException e) {
        byte[] raw = java.util.Arrays.copyOfRange(data, offset, offset + length);
        return com.fasterxml.jackson.databind.node.TextNode.valueOf("base64:" + Base64.getEncoder().encodeToString(raw));
      }
    }
  }
}

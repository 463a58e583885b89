package dev.weir.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The self-description of a run directory ({@code manifest.json}): which flow, which run, how its
 * journals were written, and for every stage (by name, the identity across runs) its kind, element
 * types and journal directories.
 *
 * @param format the manifest format version
 * @param weirVersion the Weir version that wrote the run
 * @param flow the flow's name
 * @param runId the run's id
 * @param created when the run started (ISO-8601)
 * @param durability the durability policy ({@code none}, {@code batch}, {@code interval:<n>ms};
 *     manifests of earlier runs may hold {@code interval(<n>ms)})
 * @param hmac whether every batch is sealed with a chained HMAC-SHA256
 * @param segmentBytes the segment size limit
 * @param maxPayload the payload size limit
 * @param replayOf the run directory this run replayed, if it is a replay
 * @param status how the run ended ({@code RUNNING} while it runs, or if it never ended)
 * @param ended when it ended (ISO-8601), if it did
 * @param detail why it ended that way
 * @param stages the stages, in definition order
 * @param system the system journal's directory, relative to the run directory
 * @param journals once the run ended: how many records each journal holds, by journal id, so that
 *     a journal cut short or removed afterwards is found
 * @param seal for a run with an HMAC key: the HMAC-SHA256 (hex) over the flow, run id, status and
 *     each journal's record count and last batch tag, so the counts cannot be edited to match
 * @param settings the run's settings ({@code FlowSettings}): each value, except that a secret is
 *     recorded by its key only; absent in manifests written before settings existed
 * @param payloadFormat how the mapper's codecs encoded the payloads: {@code smile} or {@code json};
 *     absent (JSON) in manifests written before format 3
 * @param edges the flow's edges ({@code from -> to}, with {@code (reference)} or {@code (backflow)} for
 *     those kinds), so that a resume can refuse a changed topology; absent in earlier manifests
 * @param resumes each time the run was resumed, in order; absent for a run that never was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    int format, String weirVersion, String flow, String runId, String created, String durability, boolean hmac,
    long segmentBytes, int maxPayload, String replayOf, String status, String ended, String detail,
    List<StageEntry> stages, String system, java.util.SortedMap<String, Long> journals, String seal,
    SettingsEntry settings, String payloadFormat, List<String> edges, List<ResumeEntry> resumes) {

  /**
   * The current manifest format: 2 records each journal's final count when the run ends (format 1
   * manifests, which do not, are still read; their runs are checked for ends of stream only); 3
   * means the journals are in journal frame format 2 (compact frames) and the payload format is recorded.
   */
  public static final int FORMAT = 3;

  /** The journal frame format of runs with a format 3 manifest; runs with format 1 and 2 manifests hold format 1. */
  public static final int JOURNAL_FORMAT = 2;

  /** The count recorded for a journal whose write or sync failed, or whose stage never ended: not checked. */
  public static final long UNKNOWN_COUNT = -1;

  /**
   * How the detail of a run that completed after a graceful stop starts: its sources stopped before
   * their end, so the run can be resumed to read the rest.
   */
  public static final String STOPPED_GRACEFULLY = "stopped gracefully";

  /** Whether the run completed only because it was stopped gracefully before its sources' end. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean stoppedBeforeItsEnd() {
    return "COMPLETED".equals(status) && detail != null && detail.startsWith(STOPPED_GRACEFULLY);
  }

  /** The file name in a run directory. */
  public static final String FILE = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One stage of the run.
   *
   * @param name the stage's name
   * @param kind its kind
   * @param input its input element type, if it has one
   * @param reference a join's reference element type
   * @param output its output element type, if it has one
   * @param data its data journal's directory, relative to the run directory
   * @param errors its error journal's directory, relative to the run directory
   * @param order for a stage with several inputs, its order journal's directory
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageEntry(String name, String kind, TypeEntry input, TypeEntry reference, TypeEntry output,
      String data, String errors, String order) {}

  /**
   * One resume of the run.
   *
   * @param at when it was resumed (ISO-8601)
   * @param previousStatus the status the run had ({@code CRASHED} for a run whose process died while it ran)
   * @param kept the journals as the resume found them: records kept per journal id, after any torn tail was cut
   * @param tornTails the torn tails that were cut, one line each
   */
  public record ResumeEntry(String at, String previousStatus, java.util.SortedMap<String, Long> kept,
      List<String> tornTails) {}

  /**
   * An element type.
   *
   * @param type the Java type
   * @param event the event type name
   * @param version the event type version
   */
  public record TypeEntry(String type, String event, int version) {}

  /**
   * A run's settings as recorded: the value of every setting that is not secret, and the keys of the
   * secret ones (set, value not recorded).
   *
   * @param values key to value, for the settings that are not secret
   * @param secrets the keys of the secret settings
   */
  public record SettingsEntry(java.util.SortedMap<String, String> values, java.util.SortedSet<String> secrets) {

    public SettingsEntry {
      values = values == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(values);
      secrets = secrets == null ? new java.util.TreeSet<>() : new java.util.TreeSet<>(secrets);
    }

    /** What a manifest records of {@code settings}. */
    public static SettingsEntry of(dev.weir.flow.FlowSettings settings) {
      java.util.SortedMap<String, String> plain = new java.util.TreeMap<>();
      for (String k : settings.keys()) {
        if (!settings.isSecret(k)) {
          plain.put(k, settings.get(k));
        }
      }
      return new SettingsEntry(plain, new java.util.TreeSet<>(settings.secretKeys()));
    }

    /**
     * How {@code now} differs from these recorded settings, one line per key in key order: a value
     * that changed, a setting added or removed, a secret that became plain or the other way round.
     * Secrets are compared by presence only (their values are not recorded) and never shown.
     */
    public List<String> differences(dev.weir.flow.FlowSettings now) {
      java.util.SortedSet<String> keys = new java.util.TreeSet<>(values.keySet());
      keys.addAll(secrets);
      keys.addAll(now.keys());
      List<String> out = new java.util.ArrayList<>();
      for (String k : keys) {
        String was = secrets.contains(k) ? dev.weir.flow.FlowSettings.SECRET_SHOWN_AS
            : values.containsKey(k) ? "'" + values.get(k) + "'" : null;
        String is = !now.contains(k) ? null
            : now.isSecret(k) ? dev.weir.flow.FlowSettings.SECRET_SHOWN_AS : "'" + now.get(k) + "'";
        if (!java.util.Objects.equals(was, is)) {
          out.add(k + ": " + (was == null ? "not set" : was) + " in the original run, " + (is == null ? "not set"
              : is) + " now");
        }
      }
      return out;
    }

    /** {@code key=value, ..., secret=<secret>} in key order, or {@code none}; values quoted when they need it. */
    public String describe() {
      java.util.SortedMap<String, String> all = new java.util.TreeMap<>();
      values.forEach((k, v) -> all.put(k, v.isEmpty() || !v.strip().equals(v) || v.contains(",") ? "'" + v + "'" : v));
      secrets.forEach(k -> all.put(k, dev.weir.flow.FlowSettings.SECRET_SHOWN_AS + " (value not recorded)"));
      if (all.isEmpty()) {
        return "none";
      }
      StringBuilder sb = new StringBuilder();
      all.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
      return sb.toString();
    }
  }

  /** The stage named {@code name}. */
  public Optional<StageEntry> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The same manifest with the run's end recorded. */
  public Manifest ended(String status, String endedAt, String why) {
    return new Manifest(format, weirVersion, flow, runId, created, durability, hmac, segmentBytes, maxPayload, replayOf,
        status, endedAt, why, stages, system, journals, seal, settings, payloadFormat, edges, resumes);
  }

  /**
   * The same manifest for a run that goes on after {@code resume}: running again, with no end, counts
   * or seal until it ends, and the resume recorded.
   */
  public Manifest resumed(ResumeEntry resume) {
    List<ResumeEntry> all = new java.util.ArrayList<>(resumes == null ? List.of() : resumes);
    all.add(resume);
    return new Manifest(format, weirVersion, flow, runId, created, durability, hmac, segmentBytes, maxPayload, replayOf,
        "RUNNING", null, null, stages, system, null, null, settings, payloadFormat, edges, List.copyOf(all));
  }

  /** The edges of {@code definition} as a manifest records them, in definition order. */
  public static List<String> edgesOf(dev.weir.flow.FlowDefinition definition) {
    return definition.edges().stream().map(e -> e.from() + " -> " + e.to()
        + (e.kind() == dev.weir.flow.EdgeKind.REFERENCE ? " (reference)"
        : e.kind() == dev.weir.flow.EdgeKind.BACKFLOW ? " (backflow)" : "")).toList();
  }

  /** The same manifest with each journal's final record count and, with a key, the seal over them. */
  public Manifest withJournals(java.util.SortedMap<String, Long> counts, String sealHex) {
    return new Manifest(format, weirVersion, flow, runId, created, durability, hmac, segmentBytes, maxPayload, replayOf,
        status, ended, detail, stages, system, new java.util.TreeMap<>(counts), sealHex, settings, payloadFormat, edges,
        resumes);
  }

  /** The journal frame format the run's journals are in: 2 for a format 3 manifest, 1 before. */
  public int journalFormat() {
    return format >= 3 ? JOURNAL_FORMAT : 1;
  }

  /** How the run's payloads are encoded ({@link dev.weir.flow.PayloadFormat#JSON} when the manifest predates the field). */
  public dev.weir.flow.PayloadFormat payloadFormatOrJson() {
    return dev.weir.flow.PayloadFormat.parse(payloadFormat);
  }

  /**
   * Refuses a run whose journals this Weir cannot read (an older frame format), naming the format
   * and the Weir version that wrote it.
   */
  public void requireReadableJournals(Path runDir) throws IOException {
    if (journalFormat() != JOURNAL_FORMAT) {
      throw new IOException("run " + runDir + " was written by Weir " + weirVersion + " in journal format "
          + journalFormat() + " (manifest format " + format + "); this Weir (" + WeirVersion.VALUE
          + ") reads journal format " + JOURNAL_FORMAT + " only: read, verify or replay it with the Weir that wrote it"
          + " (" + weirVersion + ", built before journal format " + JOURNAL_FORMAT + ")");
    }
  }

  /** Every journal of the run as (id, directory relative to the run directory), system last. */
  public List<String[]> journalDirectories() {
    List<String[]> out = new java.util.ArrayList<>();
    for (StageEntry s : stages) {
      out.add(new String[] {s.name() + ".data", s.data()});
      out.add(new String[] {s.name() + ".errors", s.errors()});
      if (s.order() != null) {
        out.add(new String[] {s.name() + ".order", s.order()});
      }
    }
    out.add(new String[] {"system", system});
    return out;
  }

  /**
   * The text a run's seal is computed over: flow, run id, status, then per journal (by id) its count
   * and last batch tag in hex.
   */
  public static String sealText(String flow, String runId, String status, java.util.SortedMap<String, Long> counts,
      java.util.Map<String, byte[]> lastTags, SettingsEntry settings) {
    StringBuilder sb = new StringBuilder(flow).append('\n').append(runId).append('\n').append(status).append('\n');
    for (var e : counts.entrySet()) {
      sb.append(e.getKey()).append('=').append(e.getValue()).append(':')
          .append(java.util.HexFormat.of().formatHex(lastTags.getOrDefault(e.getKey(), new byte[0]))).append('\n');
    }
    // the settings the run was made with: hex of their UTF-8 bytes, so that no value can pass for another line
    if (settings != null) {
      settings.values().forEach((k, v) -> sb.append("setting ").append(hex(k)).append('=').append(hex(v)).append('\n'));
      settings.secrets().forEach(k -> sb.append("secret ").append(hex(k)).append('\n'));
    }
    return sb.toString();
  }

  private static String hex(String s) {
    return java.util.HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The manifest of a new run of {@code spec}, running: its stages with their journals' locations
   * ({@code location} maps a journal id, {@code <stage>.data} for instance, to where the journal is: a
   * directory relative to the run directory on disk, a topic on Kafka).
   *
   * @param durability how the journals are made durable, as the manifest records it
   * @param hmac whether every batch is sealed with a chained HMAC-SHA256
   */
  public static Manifest start(RunSpec spec, String durability, boolean hmac, long segmentBytes, int maxPayload,
      java.util.function.UnaryOperator<String> location) {
    dev.weir.flow.FlowDefinition definition = spec.definition();
    java.util.Set<String> ordered = RunJournals.orderedStages(definition);
    List<StageEntry> entries = new java.util.ArrayList<>();
    for (dev.weir.flow.StageDefinition s : definition.stages()) {
      entries.add(new StageEntry(s.name(), s.kind().name(), type(s.input()), type(s.reference()), type(s.output()),
          location.apply(s.name() + ".data"), location.apply(s.name() + ".errors"),
          ordered.contains(s.name()) ? location.apply(s.name() + ".order") : null));
    }
    return new Manifest(FORMAT, WeirVersion.VALUE, definition.name(), spec.runId(), java.time.Instant.now().toString(),
        durability, hmac, segmentBytes, maxPayload, spec.replayOf().orElse(null),
        "RUNNING", null, null, entries, location.apply("system"), null, null, SettingsEntry.of(spec.settings()),
        spec.codecs().payloadFormat().id(), edgesOf(definition), null);
  }

  private static TypeEntry type(dev.weir.flow.ElementType t) {
    return t.isNone() ? null : new TypeEntry(t.typeName(), t.eventName(), t.eventVersion());
  }

  /** The manifest as JSON (UTF-8), as {@link #write} writes it and {@link #fromJson} reads it. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the manifest of run " + runId + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a manifest from its JSON, refusing a format this Weir does not read.
   *
   * @param source where it was read from, for the errors
   */
  public static Manifest fromJson(byte[] json, String source) throws IOException {
    Manifest m;
    try {
      m = JSON.readValue(json, Manifest.class);
    } catch (IOException e) {
      throw new IOException(source + " is not a Weir run manifest: " + e.getMessage(), e);
    }
    if (m.format() < 1 || m.format() > FORMAT) {
      throw new IOException(source + " has manifest format " + m.format() + "; this Weir reads formats 1 to " + FORMAT);
    }
    return m;
  }

  /** Writes the manifest atomically (temporary file, rename, directory sync). */
  public void write(Path runDir) throws IOException {
    Path tmp = runDir.resolve(FILE + ".tmp");
    Files.write(tmp, toJson());
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, runDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    DiskJournal.syncDirectory(runDir);
  }

  /** Reads the manifest of a run directory, with a clear error when there is none. */
  public static Manifest read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isDirectory(runDir)) {
      throw new IOException(runDir + " does not exist or is not a directory (" + runDir.toAbsolutePath().normalize()
          + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(runDir + " is not a Weir run directory: it has no " + FILE);
    }
    return fromJson(Files.readAllBytes(file), file.toString());
  }
}

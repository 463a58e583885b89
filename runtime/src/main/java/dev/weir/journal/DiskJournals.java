package dev.weir.journal;

import dev.weir.event.Codec;
import dev.weir.event.JsonCodec;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link Journals} on disk: each run in {@code dir/<flow>/<run-id>/} with a {@code manifest.json},
 * a system journal, and a data and an error journal per stage. Durability defaults to
 * {@link Durability#batch()}; an HMAC key (set here or in {@code WEIR_JOURNAL_KEY}) seals every
 * batch. Payloads are JSON through Jackson unless a codec is registered for their type.
 */
public final class DiskJournals implements Journals {

  /** The environment variable that supplies an HMAC key when none is set in code. */
  public static final String KEY_VARIABLE = "WEIR_JOURNAL_KEY";

  /** Default segment size: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  /** Default payload limit: 16 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD = 16 << 20;

  private final Path dir;
  private Durability durability = Durability.batch();
  private long segmentBytes = DEFAULT_SEGMENT_BYTES;
  private int maxPayload = DEFAULT_MAX_PAYLOAD;
  private byte[] key = keyFromEnvironment();
  private FileFaults faults = FileFaults.NONE;
  private Path replayOf;
  private final Map<Type, Codec<?>> codecs = new HashMap<>();

  public DiskJournals(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** The HMAC key in {@code WEIR_JOURNAL_KEY} (its UTF-8 bytes), or null when the variable is unset or empty. */
  public static byte[] keyFromEnvironment() {
    String v = System.getenv(KEY_VARIABLE);
    return v == null || v.isEmpty() ? null : v.getBytes(StandardCharsets.UTF_8);
  }

  public DiskJournals durability(Durability value) {
    this.durability = Objects.requireNonNull(value, "durability");
    return this;
  }

  public DiskJournals segmentBytes(long value) {
    this.segmentBytes = value;
    return this;
  }

  public DiskJournals maxPayload(int value) {
    this.maxPayload = value;
    return this;
  }

  /** Seals every batch with an HMAC-SHA256 chain under {@code value}; overrides {@code WEIR_JOURNAL_KEY}. */
  public DiskJournals key(byte[] value) {
    if (value != null && value.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    this.key = value == null ? null : value.clone();
    return this;
  }

  /**
   * Encodes payloads of {@code type} with {@code codec} instead of JSON. The same instance serves
   * every journal of the run, from several stage threads at once: it must be thread-safe.
   */
  public <T> DiskJournals codec(Class<T> type, Codec<T> codec) {
    codecs.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(codec, "codec"));
    return this;
  }

  /** Injects file faults (tests). */
  public DiskJournals faults(FileFaults value) {
    this.faults = Objects.requireNonNull(value, "faults");
    return this;
  }

  /** Marks the runs opened here as replays of {@code runDir}. */
  public DiskJournals replayOf(Path runDir) {
    this.replayOf = runDir;
    return this;
  }

  /**
   * Opens an archived run of {@code definition} for reading, decoding payloads with the codecs
   * registered here; {@code key} is the archive's HMAC key (null if it was not sealed).
   */
  public RunArchive openArchive(Path runDir, FlowDefinition definition, byte[] key) throws IOException {
    return RunArchive.open(runDir, definition, key, this);
  }

  /** The root directory. */
  public Path directory() {
    return dir;
  }

  public Durability durability() {
    return durability;
  }

  JournalOptions options() {
    return new JournalOptions(durability, segmentBytes, maxPayload, key, faults);
  }

  /** Each stage's output codec, by stage index (null for a sink). */
  @SuppressWarnings("unchecked")
  List<Codec<Object>> outputCodecs(List<StageDefinition> stages) {
    List<Codec<Object>> out = new ArrayList<>();
    for (StageDefinition s : stages) {
      out.add(s.output().isNone() ? null : (Codec<Object>) codecFor(s.output()));
    }
    return out;
  }

  private Codec<?> codecFor(ElementType type) {
    Codec<?> c = codecs.get(type.type());
    if (c == null) {
      c = codecs.get(type.rawType());
    }
    return c != null ? c : JsonCodec.of(type.type());
  }

  @Override
  public RunJournals open(FlowDefinition definition, String runId) throws IOException {
    String flowName = definition.name();
    List<StageDefinition> stages = definition.stages();
    java.util.Set<String> multiInput = RunJournals.multiInputStages(definition);
    preflight(flowName, stages.size() + multiInput.size());
    Path runDir = dir.resolve(flowName).resolve(runId);
    if (Files.exists(runDir)) {
      throw new IOException("run directory " + runDir + " already exists");
    }
    Files.createDirectories(runDir);
    DiskJournal.syncDirectory(runDir.getParent());
    List<Manifest.StageEntry> entries = new ArrayList<>();
    for (StageDefinition s : stages) {
      entries.add(new Manifest.StageEntry(s.name(), s.kind().name(), type(s.input()), type(s.reference()),
          type(s.output()), s.name() + ".data", s.name() + ".errors", multiInput.contains(s.name()) ? s.name() + ".order" : null));
    }
    Manifest manifest = new Manifest(Manifest.FORMAT, WeirVersion.VALUE, flowName, runId, Instant.now().toString(),
        durability.toString(), key != null, segmentBytes, maxPayload,
        replayOf == null ? null : replayOf.toAbsolutePath().toString(), "RUNNING", null, null, entries, "system");
    manifest.write(runDir);
    return new DiskRunJournals(runDir, manifest, stages, multiInput, () -> outputCodecs(stages), options());
  }

  private static Manifest.TypeEntry type(ElementType t) {
    return t.isNone() ? null : new Manifest.TypeEntry(t.typeName(), t.eventName(), t.eventVersion());
  }

  /** Refuses to start a run the process could not open enough files for. */
  private static void preflight(String flowName, int stages) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
      return;
    }
    long journals = 2L * stages + 1;
    long needed = journals * 3 + 16; // a writer and up to two read channels each, plus manifest and directories
    long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
    if (free < needed) {
      throw new JournalException(JournalException.Problem.TOO_MANY_FILES, "flow '" + flowName + "' needs about "
          + needed + " file descriptors for its " + journals + " journals (" + stages + " stages), but the process can open "
          + free + " more (limit " + unix.getMaxFileDescriptorCount() + ", " + unix.getOpenFileDescriptorCount()
          + " open): raise the limit (ulimit -n)");
    }
  }

  @Override
  public String toString() {
    return "disk(" + dir + ", " + durability + (key != null ? ", hmac" : "") + ")";
  }
}

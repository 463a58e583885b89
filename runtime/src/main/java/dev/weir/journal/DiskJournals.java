package dev.weir.journal;

import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link Journals} on disk: each run in {@code dir/<flow>/<run-id>/} with a {@code manifest.json},
 * a system journal, and a data and an error journal per stage. Durability defaults to
 * {@link Durability#batch()}; an HMAC key (set here or in {@code WEIR_JOURNAL_KEY}) seals every
 * batch. Payloads are encoded with the run's codecs (JSON through Jackson unless the flow builder
 * registers another codec for a type).
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

  /** Injects file faults (tests). */
  public DiskJournals faults(FileFaults value) {
    this.faults = Objects.requireNonNull(value, "faults");
    return this;
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

  @Override
  public RunJournals open(RunSpec spec) throws IOException {
    FlowDefinition definition = spec.definition();
    String runId = spec.runId();
    String flowName = definition.name();
    List<StageDefinition> stages = definition.stages();
    java.util.Set<String> multiInput = RunJournals.orderedStages(definition);
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
        spec.replayOf().map(p -> p.toAbsolutePath().toString()).orElse(null), "RUNNING", null, null, entries, "system", null, null);
    manifest.write(runDir);
    return new DiskRunJournals(runDir, manifest, spec, multiInput, options());
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

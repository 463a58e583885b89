package dev.weir.journal;

import dev.weir.flow.DiskJournals;
import dev.weir.flow.Durability;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The disk journals of one run, and its manifest. */
final class DiskRunJournals implements RunJournals {

  private final Path runDir;
  private final List<String> stageNames;
  private final StageJournals<DiskJournal> data;
  private final StageJournals<DiskJournal> errors;
  private final StageJournals<DiskJournal> orders;
  private final DiskJournal system;
  private Manifest manifest;
  private final byte[] key;
  private final java.util.Set<DiskJournal> abandoned = new java.util.HashSet<>();
  /** For a resumed run: what each journal held when opened. */
  private java.util.Map<String, Long> resumedWith = java.util.Map.of();
  /** Held while this process writes the run; the system releases it if the process dies. */
  private RunLock lock;

  /** Creates the directory and manifest of a new run under {@code config}'s root and opens its journals. */
  static DiskRunJournals create(DiskJournals config, RunSpec spec, FileFaults faults) throws IOException {
    Path dir = config.directory();
    Durability durability = config.durability();
    byte[] key = config.key();
    long segmentBytes = config.segmentBytes();
    int maxPayload = config.maxPayload();
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
    Manifest manifest = Manifest.start(spec, durability.toString(), key != null, segmentBytes, maxPayload, id -> id);
    manifest.write(runDir);
    RunLock lock = RunLock.acquire(runDir);
    DiskRunJournals journals;
    try {
      journals = new DiskRunJournals(runDir, manifest, spec, multiInput,
          new JournalOptions(durability, segmentBytes, maxPayload, key, faults), false, null);
    } catch (RuntimeException | Error e) {
      lock.close();
      throw e;
    }
    journals.lock = lock;
    return journals;
  }

  /**
   * Opens the journals of the interrupted run in {@code runDir} to go on writing them: each one cut back
   * to its last whole record (a torn tail is recorded in the manifest's resume entry), every stage
   * journal set to check what its stage produces again against what it holds
   * ({@link DiskJournal#rederivePrefix}), and the manifest marked running again with the resume
   * recorded. The run's own segment size and payload limit are kept; durability and key come from
   * {@code config}. The caller has checked that the run belongs to this flow ({@link ResumeCheck}).
   *
   * @param previousStatus the status the run had, for the manifest's resume entry
   */
  static DiskRunJournals resume(DiskJournals config, RunSpec spec, Path runDir, String previousStatus, FileFaults faults)
      throws IOException {
    Manifest manifest = Manifest.read(runDir);
    RunLock lock = RunLock.acquire(runDir);
    DiskRunJournals journals;
    try {
      List<String> torn = new ArrayList<>();
      journals = new DiskRunJournals(runDir, manifest, spec, RunJournals.orderedStages(spec.definition()),
          new JournalOptions(config.durability(), manifest.segmentBytes(), manifest.maxPayload(), config.key(), faults),
          true, torn::add);
      java.util.SortedMap<String, Long> kept = new java.util.TreeMap<>();
      for (DiskJournal j : journals.allJournals()) {
        kept.put(j.id(), j.recordsHeld());
        if (j != journals.system) {
          j.rederivePrefix();
        }
      }
      journals.resumedWith = java.util.Collections.unmodifiableSortedMap(kept);
      journals.manifest = manifest.resumed(new Manifest.ResumeEntry(Instant.now().toString(), previousStatus, kept,
          List.copyOf(torn)));
      journals.manifest.write(runDir);
    } catch (IOException | RuntimeException | Error e) {
      lock.close();
      throw e;
    }
    journals.lock = lock;
    return journals;
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

  /**
   * @param existing whether the journals exist (a resume: opened for appending after their last whole
   *     record, torn tails reported to {@code onTorn}) or are created
   */
  DiskRunJournals(Path runDir, Manifest manifest, RunSpec spec, java.util.Set<String> multiInput,
      JournalOptions options, boolean existing, java.util.function.Consumer<String> onTorn) {
    this.runDir = runDir;
    this.manifest = manifest;
    this.stageNames = spec.stageNames();
    this.key = options.key();
    this.data = new StageJournals<>(manifest.runId());
    this.errors = new StageJournals<>(manifest.runId());
    this.orders = new StageJournals<>(manifest.runId());
    List<DiskJournal> opened = new ArrayList<>();
    try {
      for (int i = 0; i < stageNames.size(); i++) {
        String s = stageNames.get(i);
        DiskJournal d = keep(opened, journal(s + ".data", i, spec, options, existing, onTorn));
        DiskJournal e = keep(opened, journal(s + ".errors", i, spec, options, existing, onTorn));
        data.put(s, d);
        errors.put(s, e);
        if (multiInput.contains(s)) {
          DiskJournal o = keep(opened, journal(s + ".order", i, spec, options, existing, onTorn));
          orders.put(s, o);
          e.writtenAfter(o);
          d.writtenAfter(o, e);
        } else {
          d.writtenAfter(e);
        }
      }
      system = keep(opened, journal("system", -1, spec, options, existing, onTorn));
    } catch (RuntimeException | Error e) {
      abandon(opened, e); // closes what was opened and records the failure in the manifest
      throw e;
    }
  }

  private static DiskJournal keep(List<DiskJournal> opened, DiskJournal j) {
    opened.add(j);
    return j;
  }

  /** A journal could not be created: closes the ones that were, and marks the run FAILED in its manifest. */
  private void abandon(List<DiskJournal> opened, Throwable cause) {
    for (DiskJournal j : opened) {
      try {
        j.close();
      } catch (RuntimeException closeFailed) {
        cause.addSuppressed(closeFailed);
      }
    }
    try {
      manifest = manifest.ended("FAILED", Instant.now().toString(), "the run's journals could not be opened: "
          + cause.getMessage());
      manifest.write(runDir);
    } catch (IOException | RuntimeException writeFailed) {
      cause.addSuppressed(writeFailed);
    }
  }

  /**
   * The journal in {@code <run dir>/<id>/}, new or (for a resume) existing, with its own codecs: each
   * journal is written by one thread.
   */
  private DiskJournal journal(String id, int stage, RunSpec spec, JournalOptions options, boolean existing,
      java.util.function.Consumer<String> onTorn) {
    return existing // a resumed stage journal loses its end of stream: the stage goes on, and ends again later
        ? DiskJournal.open(id, runDir.resolve(id), stageNames, spec.recordCodec(stage), options, true, onTorn, stage >= 0)
        : DiskJournal.create(id, runDir.resolve(id), stageNames, spec.recordCodec(stage), options);
  }

  @Override
  public String runId() {
    return manifest.runId();
  }

  @Override
  public List<String> stageNames() {
    return stageNames;
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

  @Override
  public Optional<Journal> order(String stage) {
    return orders.find(stage).map(Journal.class::cast);
  }

  @Override
  public Optional<Path> directory() {
    return Optional.of(runDir);
  }

  @Override
  public java.util.Map<String, Long> resumedWith() {
    return resumedWith;
  }


  @Override
  public void complete(FlowState state, String detail) {
    manifest = manifest.ended(state.name(), Instant.now().toString(), detail);
  }

  /**
   * The stage's thread did not end: its journals are left as they are, neither flushed nor closed
   * (their writer may still be appending), and the manifest records no count for them.
   */
  @Override
  public void abandon(String stage) {
    abandoned.add(data.get(stage));
    abandoned.add(errors.get(stage));
    orders.find(stage).ifPresent(abandoned::add);
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (DiskJournal j : allJournals()) {
      if (abandoned.contains(j)) {
        continue;
      }
      try {
        j.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!"RUNNING".equals(manifest.status())) {
      recordJournals();
    }
    try {
      manifest.write(runDir);
    } catch (IOException e) {
      failures.add(new UncheckedIOException("cannot write the manifest of " + runDir + ": " + e.getMessage(), e));
    }
    if (lock != null) {
      lock.close();
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  /** Puts each journal's final record count, and with a key the seal over them, in the manifest. */
  private void recordJournals() {
    java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>();
    java.util.Map<String, byte[]> tags = new java.util.HashMap<>();
    for (DiskJournal j : allJournals()) {
      // a journal that failed, or whose stage thread never ended, holds what it holds: no count to check
      boolean unknown = j.failed() || abandoned.contains(j);
      counts.put(j.id(), unknown ? Manifest.UNKNOWN_COUNT : j.recordsHeld());
      tags.put(j.id(), j.lastTag());
    }
    String seal = key == null ? null : RunSeal.compute(key, manifest, manifest.status(), counts, tags);
    manifest = manifest.withJournals(counts, seal);
  }

  private List<DiskJournal> allJournals() {
    List<DiskJournal> all = new ArrayList<>();
    for (String s : stageNames) {
      all.add(data.get(s));
      all.add(errors.get(s));
      orders.find(s).ifPresent(all::add);
    }
    all.add(system);
    return all;
  }
}

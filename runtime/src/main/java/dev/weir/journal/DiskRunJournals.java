package dev.weir.journal;

import dev.weir.flow.FlowState;
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

  DiskRunJournals(Path runDir, Manifest manifest, RunSpec spec, java.util.Set<String> multiInput,
      JournalOptions options) {
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
        data.put(s, keep(opened, create(s + ".data", i, spec, options)));
        errors.put(s, keep(opened, create(s + ".errors", i, spec, options)));
        if (multiInput.contains(s)) {
          orders.put(s, keep(opened, create(s + ".order", i, spec, options)));
        }
      }
      system = keep(opened, create("system", -1, spec, options));
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

  /** A new journal in {@code <run dir>/<id>/}, with its own codecs: each journal is written by one thread. */
  private DiskJournal create(String id, int stage, RunSpec spec, JournalOptions options) {
    return DiskJournal.create(id, runDir.resolve(id), stageNames, spec.recordCodec(stage), options);
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
      counts.put(j.id(), unknown ? Manifest.UNKNOWN_COUNT : j.lastSeq());
      tags.put(j.id(), j.lastTag());
    }
    String seal = key == null ? null : RunSeal.compute(key, manifest.flow(), manifest.runId(), manifest.status(), counts, tags);
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

package dev.weir.journal;

import dev.weir.event.Codec;
import dev.weir.flow.FlowState;
import dev.weir.flow.StageDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The disk journals of one run, and its manifest. */
final class DiskRunJournals implements RunJournals {

  private final Path runDir;
  private final List<String> stageNames;
  private final Map<String, DiskJournal> data = new HashMap<>();
  private final Map<String, DiskJournal> errors = new HashMap<>();
  private final Map<String, DiskJournal> orders = new HashMap<>();
  private final DiskJournal system;
  private Manifest manifest;

  DiskRunJournals(Path runDir, Manifest manifest, List<StageDefinition> stages, java.util.Set<String> multiInput,
      java.util.function.Supplier<List<Codec<Object>>> outputs, JournalOptions options) {
    this.runDir = runDir;
    this.manifest = manifest;
    this.stageNames = stages.stream().map(StageDefinition::name).toList();
    for (int i = 0; i < stages.size(); i++) {
      String s = stageNames.get(i);
      // every journal gets its own codecs: each is written by one thread
      data.put(s, DiskJournal.create(s + ".data", runDir.resolve(s + ".data"), stageNames,
          new RecordCodec(i, outputs.get()), options));
      errors.put(s, DiskJournal.create(s + ".errors", runDir.resolve(s + ".errors"), stageNames,
          new RecordCodec(i, outputs.get()), options));
      if (multiInput.contains(s)) {
        orders.put(s, DiskJournal.create(s + ".order", runDir.resolve(s + ".order"), stageNames,
            new RecordCodec(i, outputs.get()), options));
      }
    }
    system = DiskJournal.create("system", runDir.resolve("system"), stageNames, new RecordCodec(-1, outputs.get()),
        options);
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
    return lookup(data, stage);
  }

  @Override
  public Journal errors(String stage) {
    return lookup(errors, stage);
  }

  @Override
  public Journal system() {
    return system;
  }

  @Override
  public Optional<Journal> order(String stage) {
    return Optional.ofNullable(orders.get(stage));
  }

  @Override
  public Optional<Path> directory() {
    return Optional.of(runDir);
  }

  private Journal lookup(Map<String, DiskJournal> map, String stage) {
    Journal j = map.get(stage);
    if (j == null) {
      throw new NoSuchElementException("run " + runId() + " has no stage '" + stage + "'; stages: " + stageNames);
    }
    return j;
  }

  @Override
  public void complete(FlowState state, String detail) {
    manifest = manifest.ended(state.name(), Instant.now().toString(), detail);
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (DiskJournal j : allJournals()) {
      try {
        j.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
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

  private List<DiskJournal> allJournals() {
    List<DiskJournal> all = new ArrayList<>();
    for (String s : stageNames) {
      all.add(data.get(s));
      all.add(errors.get(s));
      if (orders.containsKey(s)) {
        all.add(orders.get(s));
      }
    }
    all.add(system);
    return all;
  }
}

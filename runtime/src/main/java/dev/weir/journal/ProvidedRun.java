package dev.weir.journal;

import java.util.Objects;
import java.util.Optional;

/** A run kept by a {@link JournalProvider}, as a replay reads it: its manifest and its journals opened for reading. */
public final class ProvidedRun implements ArchivedRun {

  private final Manifest manifest;
  private final RunJournals journals;

  /** @param journals the run's journals, opened for reading ({@link JournalProvider#read}); closed with this */
  public ProvidedRun(Manifest manifest, RunJournals journals) {
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.journals = Objects.requireNonNull(journals, "journals");
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  @Override
  public Journal data(String stage) {
    return journals.data(stage);
  }

  @Override
  public Journal errors(String stage) {
    return journals.errors(stage);
  }

  @Override
  public Optional<Journal> order(String stage) {
    return journals.order(stage);
  }

  @Override
  public Journal system() {
    return journals.system();
  }

  @Override
  public void close() {
    journals.close();
  }
}

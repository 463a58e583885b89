package dev.weir.journal;

import dev.weir.flow.DiskJournals;
import dev.weir.flow.Journals;
import java.util.Objects;

/**
 * Disk journals whose file operations go through {@code faults}: how tests make a disk fill up, a
 * sync fail or a power cut drop unsynced writes.
 *
 * @param disk the disk journals' settings
 * @param faults what to inject
 */
public record FaultInjectingJournals(DiskJournals disk, FileFaults faults) implements Journals {

  public FaultInjectingJournals {
    Objects.requireNonNull(disk, "disk");
    Objects.requireNonNull(faults, "faults");
  }

  @Override
  public dev.weir.flow.PayloadFormat payloadFormat() {
    return disk.payloadFormat();
  }
}

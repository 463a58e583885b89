package dev.weir.flow;

import java.nio.file.Path;

/**
 * Where a run's journals live: {@link #memory()} or {@link #disk(Path)}, or journals a module outside
 * the runtime keeps through {@code dev.weir.journal.JournalProvider}; a run given any other fails at
 * start saying so.
 */
public interface Journals {

  /**
   * Journals held in memory for the life of the run's handle, as the bytes its codec encodes, under
   * the same payload limit as on disk ({@code maxPayload} on the returned object changes it). Each
   * stage journal keeps a window of at least its newest {@value MemoryJournals#DEFAULT_WINDOW}
   * records, so an endless flow stays in bounded heap; {@code keepAll()} on the returned object
   * keeps every record, {@code window(n)} sets the window.
   */
  static MemoryJournals memory() {
    return new MemoryJournals(MemoryJournals.DEFAULT_WINDOW);
  }

  /**
   * Journals held in memory that keep at least the newest {@code retainPerJournal} records of each
   * stage journal (whole chunks of 8192 are released): {@code memory().window(retainPerJournal)}.
   */
  static MemoryJournals memory(long retainPerJournal) {
    return new MemoryJournals(retainPerJournal);
  }

  /**
   * Journals on disk under {@code dir}, one directory per run; configure durability, HMAC key,
   * segment size and payload limit on the returned object.
   */
  static DiskJournals disk(Path dir) {
    return new DiskJournals(dir);
  }

  /**
   * How the default codec encodes payloads into these journals: {@link PayloadFormat#SMILE} unless
   * the journals were told otherwise ({@code payloadFormat(...)} on {@link DiskJournals} and
   * {@link MemoryJournals}).
   */
  default PayloadFormat payloadFormat() {
    return PayloadFormat.DEFAULT;
  }
}

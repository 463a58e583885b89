package dev.weir.journal;

import dev.weir.flow.DiskJournals;

import dev.weir.flow.JournalRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.flow.Codec;
import dev.weir.flow.EventRef;
import dev.weir.event.JsonCodec;
import dev.weir.flow.RecordKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryJournalTest {

  private static MemoryJournal journal(long retain, Class<?> type) {
    return journal(retain, type, DiskJournals.DEFAULT_MAX_PAYLOAD);
  }

  private static MemoryJournal journal(long retain, Class<?> type, int maxPayload) {
    List<Codec<Object>> codecs = List.of(JsonCodec.of(type), JsonCodec.of(type));
    return new MemoryJournal("s.data", List.of("up", "s"), retain, new RecordCodec(1, codecs), maxPayload);
  }

  @Test
  void appendsAreReadBackInOrder_afterFlush() {
    MemoryJournal j = journal(Long.MAX_VALUE, String.class);
    for (long seq = 1; seq <= 20_000; seq++) {
      j.append(seq, RecordKind.DATA, 0, seq * 2, 0, seq, 7, 0, 1234, "p" + seq);
    }
    assertThat(j.lastSeq()).as("nothing visible before flush").isZero();
    assertThat(j.readAll()).isEmpty();

    j.flush();

    assertThat(j.lastSeq()).isEqualTo(20_000);
    List<JournalRecord> all = j.readAll();
    assertThat(all).hasSize(20_000);
    assertThat(all.get(9_000)).isEqualTo(
        new JournalRecord(9_001, RecordKind.DATA, new EventRef("up", 18_002), new EventRef("up", 9_001), 7, 0, 1234, "p9001",
            "\"p9001\"".getBytes(StandardCharsets.UTF_8)));
    assertThat(j.read(19_999)).extracting(JournalRecord::seq).containsExactly(19_999L, 20_000L);
  }

  @Test
  void aGapOrARepeat_isRefused() {
    MemoryJournal j = journal(Long.MAX_VALUE, String.class);
    j.append(1, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "a");
    assertThatThrownBy(() -> j.append(3, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "c"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal s.data: append of seq 3 after seq 1 (seqs must follow each other without gaps)");
    assertThatThrownBy(() -> j.append(1, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "a"))
        .hasMessageContaining("append of seq 1 after seq 1");
  }

  @Test
  void retention_releasesOldChunks_andKeepsAtLeastTheNewest_andAReadOfAReleasedRecordFailsSayingSo() {
    MemoryJournal j = journal(10_000, Long.class);
    long n = 100_000;
    for (long seq = 1; seq <= n; seq++) {
      j.append(seq, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, seq);
    }
    j.flush();

    assertThat(j.lastSeq()).isEqualTo(n);
    assertThat(j.read(n - 9_999)).extracting(JournalRecord::payload).hasSize(10_000).startsWith(n - 9_999)
        .endsWith(n);
    assertThatThrownBy(j::readAll)
        .isInstanceOfSatisfying(JournalException.class, e -> assertThat(e.problem()).isEqualTo(JournalException.Problem.READ_FAILED))
        .hasMessageContaining("journal s.data keeps a window of its newest 10000 records in memory: seq 1 was released")
        .hasMessageContaining("Journals.memory().keepAll()");
    assertThatThrownBy(() -> j.read(n - 40_000, 5)).hasMessageContaining("seq " + (n - 40_000) + " was released");
    assertThat(j.read(n, 1)).extracting(JournalRecord::payload).containsExactly(n);
  }

  @Test
  void aReaderRacingTheWindow_getsTheRecordsItAskedFor_orIsToldTheyWereReleased_neverAReusedChunksRecords()
      throws Exception {
    MemoryJournal j = journal(8_192, Long.class); // each new chunk reuses the one the window just released
    long n = 2_000_000;
    java.util.concurrent.atomic.AtomicReference<Throwable> wrong = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong released = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread reader = new Thread(() -> {
      while (!done.get()) {
        long last = j.lastSeq();
        long from = Math.max(1, last - 12_000); // mostly in the oldest chunk held: the next to be released and reused
        try {
          List<JournalRecord> got = j.read(from, 4_096);
          for (JournalRecord r : got) {
            if (!r.payload().equals(r.seq() * 3) || r.parent().seq() != r.seq()) {
              wrong.compareAndSet(null, new AssertionError("seq " + r.seq() + " read as " + r.payload()));
            }
          }
          reads.incrementAndGet();
        } catch (JournalException e) {
          if (!e.getMessage().contains("was released")) {
            wrong.compareAndSet(null, e);
          }
          released.incrementAndGet();
        }
      }
    });
    reader.start();
    for (long seq = 1; seq <= n; seq++) {
      j.append(seq, RecordKind.DATA, 0, seq, -1, 0, 0, 0, 0, seq * 3);
      if ((seq & 255) == 0) {
        j.flush();
      }
    }
    j.flush();
    done.set(true);
    reader.join();

    assertThat(wrong.get()).as("a read returned another record's contents").isNull();
    assertThat(reads.get() + released.get()).isPositive();
    assertThat(j.read(n - 8_191)).extracting(JournalRecord::payload).hasSize(8_192).startsWith((n - 8_191) * 3)
        .endsWith(n * 3);
  }

  @Test
  void payloadsOverTheLimit_orThatCannotBeEncoded_areRefusedWhole_asOnDisk() {
    MemoryJournal j = journal(Long.MAX_VALUE, String.class, 10);
    assertThat(j.append(1, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "short")).isNotZero();
    assertThatThrownBy(() -> j.append(2, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "much too long"))
        .isInstanceOfSatisfying(JournalException.class, e -> assertThat(e.problem()).isEqualTo(JournalException.Problem.TOO_LARGE))
        .hasMessageContaining("is 15 bytes, more than the maximum of 10");
    assertThatThrownBy(() -> j.append(2, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, new Object()))
        .isInstanceOfSatisfying(JournalException.class, e -> assertThat(e.problem()).isEqualTo(JournalException.Problem.ENCODE_FAILED));
    j.append(2, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, "next");
    j.flush();
    assertThat(j.readAll()).extracting(JournalRecord::payload).containsExactly("short", "next");
  }

  @Test
  void readsDecodeFreshValues_fromTheBytes() {
    MemoryJournal j = journal(Long.MAX_VALUE, String.class);
    String original = new String("kept?");
    int crc = j.append(1, RecordKind.DATA, -1, 0, -1, 0, 0, 0, 0, original);
    j.flush();
    JournalRecord r = j.readAll().get(0);
    assertThat(r.payload()).isEqualTo("kept?").isNotSameAs(original);
    assertThat(r.payloadCrc()).isEqualTo(crc);
  }
}

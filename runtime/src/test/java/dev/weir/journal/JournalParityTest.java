package dev.weir.journal;

import dev.weir.flow.JournalRecord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.StageException;
import dev.weir.api.Transform;
import dev.weir.flow.RecordKind;
import dev.weir.flow.Durability;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same flow on memory and on disk journals leaves the same records. */
class JournalParityTest {

  record Reading(String sensor, int value) {}

  @TempDir
  Path dir;

  static Stream<String> journals() {
    return Stream.of("memory", "disk-none", "disk-batch", "disk-hmac", "provider");
  }

  private Journals journals(String kind) {
    return switch (kind) {
      case "memory" -> Journals.memory();
      case "disk-none" -> Journals.disk(dir).durability(Durability.none());
      case "disk-batch" -> Journals.disk(dir).durability(Durability.batch()).segmentBytes(64 * 1024);
      case "disk-hmac" -> Journals.disk(dir).key("parity-secret".getBytes()).durability(Durability.interval(
          java.time.Duration.ofMillis(5)));
      case "provider" -> new LogJournals();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  static FlowDefinition flow(List<Reading> out) {
    ElementType reading = ElementType.of(Reading.class, "reading", 2);
    Transform<Reading, Reading> check = (r, emit) -> {
      if (r.value() < 0) {
        throw new StageException(ErrorKind.VALIDATION, "negative reading " + r.value());
      }
      emit.emit(new Reading(r.sensor().toUpperCase(), r.value() * 2));
    };
    return FlowDefinition.define("parity")
        .stage(StageDefinition.source("readings", reading,
            f -> Sources.range(20_000, i -> new Reading("s" + (i % 7), (int) (i % 13 == 0 ? -i : i)))))
        .stage(StageDefinition.transform("check", StageKind.TRANSFORM, reading, reading, f -> check))
        .stage(StageDefinition.sink("store", reading, f -> Sinks.collect(out)))
        .chain("readings", "check", "store")
        .build();
  }

  /** What a record says, without its timestamp. */
  static String describe(JournalRecord r) {
    return r.seq() + " " + r.kind() + " " + r.parent() + " " + r.joined() + " " + r.correlationId() + " " + r.depth() + " "
        + r.payload();
  }

  @org.junit.jupiter.api.Test
  void aProvidersFrames_standAlone_andADamagedOneIsNamed() throws Exception {
    LogJournals logs = new LogJournals();
    FlowResult r = flow(new ArrayList<>()).builder().journals(logs).start().await();
    assertThat(r.state()).isEqualTo(FlowState.COMPLETED);
    List<byte[]> frames = logs.logs.get("check.data");
    assertThat(frames).hasSize(20_000 - 1538 + 1); // the events and the end of stream
    FrameCodec codec = FrameCodec.of(logs.lastSpec, 1, "check.data", 1 << 20);
    JournalRecord rec = codec.decode(frames.get(99), 100);
    assertThat(rec.seq()).isEqualTo(100);
    assertThat(rec.parent().stage()).isEqualTo("readings");
    assertThat(rec.payload()).isInstanceOf(Reading.class);
    byte[] damaged = frames.get(99).clone();
    damaged[damaged.length - 6] ^= 0x10;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(damaged, 100))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("journal check.data is corrupt at seq 100");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(frames.get(99), 101))
        .hasMessageContaining("journal check.data is corrupt at seq 101: the frame is seq 100");
  }

  @ParameterizedTest
  @MethodSource("journals")
  void sameRecordsOnEveryJournal(String kind) throws Exception {
    List<Reading> out = new ArrayList<>();
    FlowHandle h = flow(out).builder().journals(journals(kind)).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(out).hasSize(20_000 - 1538); // multiples of 13 but 0 are negative
    List<FlowHandle> reference = new ArrayList<>();
    FlowHandle mem = flow(new ArrayList<>()).builder().start();
    mem.await();
    reference.add(mem);
    for (String stage : List.of("readings", "check", "store")) {
      List<String> expected = mem.journals().data(stage).readAll().stream().map(JournalParityTest::describe).toList();
      List<String> actual = h.journals().data(stage).readAll().stream().map(JournalParityTest::describe).toList();
      assertThat(actual).as(stage + " data").isEqualTo(expected);
      List<String> expectedErrors = mem.journals().errors(stage).readAll(RecordKind.ERROR).stream().map(JournalParityTest::describe).toList();
      List<String> actualErrors = h.journals().errors(stage).readAll(RecordKind.ERROR).stream().map(JournalParityTest::describe).toList();
      assertThat(actualErrors).as(stage + " errors").isEqualTo(expectedErrors);
    }
    assertThat(h.journals().errors("check").readAll(RecordKind.ERROR)).hasSize(1538);
    // reading from the middle seeks through the sparse index, also across segments
    assertThat(h.journals().data("check").read(12_345, 3)).extracting(JournalRecord::seq)
        .containsExactly(12_345L, 12_346L, 12_347L);
    if (kind.startsWith("disk")) {
      Path runDir = h.journals().directory().orElseThrow();
      Manifest m = Manifest.read(runDir);
      assertThat(m.status()).isEqualTo("COMPLETED");
      assertThat(m.flow()).isEqualTo("parity");
      assertThat(m.stage("check").orElseThrow().output()).isEqualTo(
          new Manifest.TypeEntry(Reading.class.getTypeName(), "reading", 2));
      assertThat(m.hmac()).isEqualTo(kind.equals("disk-hmac"));
      try (RunArchive archive = RunArchive.open(runDir, flow(new ArrayList<>()),
          kind.equals("disk-hmac") ? "parity-secret".getBytes() : null)) {
        assertThat(archive.data("check").readAll().stream().map(JournalParityTest::describe).toList())
            .isEqualTo(mem.journals().data("check").readAll().stream().map(JournalParityTest::describe).toList());
        assertThat(archive.tornTails()).isEmpty();
      }
      if (kind.equals("disk-batch")) {
        try (Stream<Path> segs = Files.list(runDir.resolve("check.data"))) {
          assertThat(segs.filter(p -> p.toString().endsWith(".seg")).count()).as("segments rolled").isGreaterThan(3);
        }
      }
    }
  }
}

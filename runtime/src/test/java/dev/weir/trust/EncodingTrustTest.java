package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.ErrorKind;
import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transform;
import dev.weir.flow.DeadLetter;
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
import dev.weir.flow.DiskJournals;
import dev.weir.flow.JournalRecord;
import dev.weir.journal.Manifest;
import dev.weir.journal.RunArchive;
import dev.weir.replay.ReplayVerifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a journal holds is what ran: encode failures, lossy types, limits and time types, on memory and disk alike. */
class EncodingTrustTest {

  @TempDir
  Path dir;

  private static final ElementType LONG = ElementType.of(Long.class);

  /** A record whose accessor fails for one value: Jackson stops in the middle of the object. */
  public record Fragile(long id, String name) {
    @Override
    public String name() {
      if (id == 3) {
        throw new IllegalStateException("name of #3 is unreadable");
      }
      return name;
    }
  }

  public record Stamped(long id, Instant at, LocalDate day, Duration took, Optional<String> note) {}

  public static final class NoProperties {}

  public record Loose(String name, Object value) {}

  private Journals journals(boolean disk) {
    return disk ? Journals.disk(dir).durability(Durability.none()) : Journals.memory();
  }

  private static <T> FlowDefinition pipeline(String name, ElementType out, Transform<Long, T> transform, List<T> got, long n) {
    return FlowDefinition.define(name)
        .stage(StageDefinition.source("numbers", LONG, f -> Sources.range(n, i -> i)))
        .stage(StageDefinition.transform("make", StageKind.TRANSFORM, LONG, out, f -> transform))
        .stage(StageDefinition.sink("collect", out, f -> (Sink<T>) got::add))
        .chain("numbers", "make", "collect")
        .build();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aPayloadThatFailsToEncode_deadLettersExactlyItsInput_andLaterOnesAreJournaled(boolean disk) throws Exception {
    List<Fragile> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = pipeline("fragile", ElementType.of(Fragile.class),
        (Long x, dev.weir.api.Emitter<Fragile> out) -> out.emit(new Fragile(x, "n" + x)), got, 10);

    FlowHandle h = def.builder().journals(journals(disk)).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).extracting(Fragile::id).containsExactly(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(r.stage("make").errors()).isEqualTo(1);
    List<JournalRecord> data = read(h, def, disk, "make", false);
    assertThat(data).filteredOn(rec -> rec.payload() instanceof Fragile).extracting(rec -> ((Fragile) rec.payload()).name())
        .containsExactly("n0", "n1", "n2", "n4", "n5", "n6", "n7", "n8", "n9");
    List<JournalRecord> dead = read(h, def, disk, "make", true);
    assertThat(dead).singleElement().satisfies(rec -> {
      DeadLetter d = (DeadLetter) rec.payload();
      assertThat(d.input()).isEqualTo(3L);
      assertThat(d.message()).contains("cannot encode").contains("name of #3 is unreadable");
    });
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void payloadsOverTheLimit_areRefusedTheSameWay_inMemoryAndOnDisk(boolean disk) throws Exception {
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    FlowDefinition def = pipeline("limits", ElementType.of(String.class),
        (Long x, dev.weir.api.Emitter<String> out) -> out.emit("x".repeat(x % 4 == 0 ? 2000 : 10)), got, 20);
    Journals journals = disk ? Journals.disk(dir).durability(Durability.none()).maxPayload(1024)
        : Journals.memory().maxPayload(1024);

    FlowHandle h = def.builder().journals(journals).start();
    FlowResult r = h.await();

    assertThat(r.state()).as(r.toString()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).hasSize(15).allMatch(s -> s.length() == 10);
    assertThat(read(h, def, disk, "make", true)).hasSize(5).allSatisfy(rec -> {
      DeadLetter d = (DeadLetter) rec.payload();
      assertThat(d.kind()).isEqualTo(ErrorKind.VALIDATION);
      assertThat(d.message()).contains("2002 bytes, more than the maximum of 1024");
    });
  }

  @Test
  void typesThatWouldNotComeBack_failTheRunBeforeTheFirstEvent_namingTypeAndProblem() throws Exception {
    List<Object> got = new ArrayList<>();
    FlowDefinition empty = pipeline("empty", ElementType.of(NoProperties.class),
        (Long x, dev.weir.api.Emitter<NoProperties> out) -> out.emit(new NoProperties()), new ArrayList<>(), 5);
    FlowResult r = empty.builder().start().await();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    assertThat(r.failure().orElseThrow().getMessage())
        .contains("stage 'make' emits " + NoProperties.class.getName())
        .contains("no properties").contains("{}");
    assertThat(r.stages()).isEmpty(); // nothing ran

    FlowDefinition loose = pipeline("loose", ElementType.of(Loose.class),
        (Long x, dev.weir.api.Emitter<Loose> out) -> out.emit(new Loose("a", x)), new ArrayList<>(), 5);
    FlowResult l = loose.builder().journals(journals(true)).start().await();
    assertThat(l.state()).isEqualTo(FlowState.FAILED);
    assertThat(l.failure().orElseThrow().getMessage()).contains(".value is declared as Object");
  }

  @Test
  void javaTimeTypes_areJournaledOnDisk_andReplayWithZeroDifferences() throws Exception {
    List<Stamped> got = Collections.synchronizedList(new ArrayList<>());
    Instant base = Instant.parse("2026-12-02T08:00:00.123456Z");
    FlowDefinition def = pipeline("stamped", ElementType.of(Stamped.class),
        (Long x, dev.weir.api.Emitter<Stamped> out) -> out.emit(new Stamped(x, base.plusSeconds(x),
            LocalDate.of(2026, 1, 1).plusDays(x), Duration.ofMillis(x * 7), x % 2 == 0 ? Optional.empty() : Optional.of("odd"))),
        got, 100);
    FlowHandle h = def.builder().journals(Journals.disk(dir).durability(Durability.none())).start();
    assertThat(h.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = h.journals().directory().orElseThrow();
    try (RunArchive a = RunArchive.open(runDir, def, null)) {
      assertThat(a.data("make").readAll()).filteredOn(rec -> rec.payload() instanceof Stamped)
          .extracting(JournalRecord::payload).containsExactlyElementsOf(got);
    }

    FlowHandle replay = def.builder().journals(Journals.disk(dir).durability(Durability.none())).replayFrom(runDir).start();
    assertThat(replay.await().state()).isEqualTo(FlowState.COMPLETED);
    try (RunArchive a = RunArchive.open(runDir, def, null)) {
      assertThat(ReplayVerifier.compare(List.of("numbers", "make", "collect"), a::data, replay.journals()::data, 5)).isEmpty();
    }
  }

  @Test
  void oneDiskJournalsObject_reusedAfterAReplay_startsAnOrdinaryRunThatIsNoReplay() throws Exception {
    FlowDefinition def = pipeline("reuse", LONG, (Long x, dev.weir.api.Emitter<Long> out) -> out.emit(x), new ArrayList<>(), 10);
    DiskJournals disk = Journals.disk(dir).durability(Durability.none());
    FlowHandle first = def.builder().journals(disk).start();
    first.await();
    Path original = first.journals().directory().orElseThrow();
    FlowHandle replay = def.builder().journals(disk).replayFrom(original).start();
    replay.await();
    FlowHandle again = def.builder().journals(disk).start();
    again.await();

    assertThat(Manifest.read(replay.journals().directory().orElseThrow()).replayOf()).isEqualTo(original.toAbsolutePath().toString());
    assertThat(Manifest.read(again.journals().directory().orElseThrow()).replayOf()).isNull();
  }

  private static List<JournalRecord> read(FlowHandle h, FlowDefinition def, boolean disk, String stage, boolean errors)
      throws Exception {
    if (!disk) {
      return errors ? h.journals().errors(stage).readAll(RecordKind.ERROR) : h.journals().data(stage).readAll();
    }
    try (RunArchive a = RunArchive.open(h.journals().directory().orElseThrow(), def, null)) {
      return errors ? a.errors(stage).readAll(RecordKind.ERROR) : a.data(stage).readAll();
    }
  }
}

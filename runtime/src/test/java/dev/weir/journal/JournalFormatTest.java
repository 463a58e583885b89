package dev.weir.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.api.Sinks;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.event.JsonCodec;
import dev.weir.flow.Codec;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.flow.FlowState;
import dev.weir.flow.JournalRecord;
import dev.weir.flow.Journals;
import dev.weir.flow.PayloadFormat;
import dev.weir.flow.RecordKind;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Journal format 2: its frame fields, its payload formats, and what it does with runs of format 1. */
class JournalFormatTest {

  @TempDir
  Path tmp;

  record Order(long id, String customer, ZonedDateTime at, Optional<String> note, Map<String, Integer> lines) {}

  static FlowDefinition orders(long n) {
    ElementType order = ElementType.of(Order.class);
    ZonedDateTime t0 = ZonedDateTime.parse("2026-12-02T10:15:30+01:00[Europe/Paris]");
    return FlowDefinition.define("formats")
        .stage(StageDefinition.source("orders", order, f -> Sources.range(n, i -> {
          Map<String, Integer> lines = new HashMap<>();
          lines.put("z" + i % 3, (int) i);
          lines.put("a", 1);
          return new Order(i, "customer-" + i % 5, t0.plusMinutes(i), i % 2 == 0 ? Optional.empty() : Optional.of("n" + i),
              lines);
        })))
        .stage(StageDefinition.transform("same", StageKind.TRANSFORM, order, order, f -> Transforms.map((Order o) -> o)))
        .stage(StageDefinition.sink("out", order, f -> Sinks.collect(new ArrayList<>())))
        .chain("orders", "same", "out")
        .build();
  }

  @Test
  void everyField_roundTripsThroughTheFrame_withTheFallbackFlag_andAcrossResetPoints() {
    FrameWriter writer = new FrameWriter();
    ByteSink out = new ByteSink(64);
    byte[][] payloads = {"first".getBytes(), "first!".getBytes(), new byte[0], "other".getBytes()};
    long[][] fields = { // parentStage, parentSeq, joinedStage, joinedSeq, correlation, depth, timestamp, flags
        {-1, 0, -1, 0, 1, 0, 1_796_222_631_436L, 0},
        {2, 7, 3, 40, 1, 2, 1_796_222_631_436L, RecordFrame.FLAG_FALLBACK},
        {2, 5, -1, 0, 9, 0, 1_796_222_631_400L, 0},
        {0, 1L << 40, 1, 3, -5, 1, 0, 0x7},
    };
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      long[] f = fields[i];
      starts.add(out.size());
      writer.write(out, i == 0 || i == 3, 101 + i, RecordKind.DATA, (int) f[7], (int) f[0], f[1], (int) f[2], f[3], f[4], (int) f[5],
          f[6], payloads[i], 0, payloads[i].length);
    }
    FrameReader reader = new FrameReader(1 << 20);
    byte[] a = out.array();
    for (int i = 0; i < fields.length; i++) {
      long[] f = fields[i];
      int len = RecordFrame.frameLength(a, starts.get(i), out.size(), FrameReader.maxBody(1 << 20));
      boolean whole = reader.check(a, starts.get(i), len, 101 + i);
      assertThat(whole).as("record " + i + ": " + reader.problem()).isTrue();
      RecordFrame.Header h = reader.decode(a, starts.get(i), len, 101 + i);
      assertThat(h).as(reader.problem()).isNotNull();
      assertThat(new long[] {h.parentStage(), h.parentSeq(), h.joinedStage(), h.joinedSeq(), h.correlation(), h.depth(),
          h.timestamp(), h.flags()}).as("record " + i).containsExactly(f);
      assertThat(h.fallback()).isEqualTo((f[7] & 1) != 0);
      assertThat(h.reset()).isEqualTo(i == 0 || i == 3);
      assertThat(reader.payloadCopy()).isEqualTo(payloads[i]);
      // the second record shares "first" with the first: its frame holds only "!"
      if (i == 1) {
        assertThat(len).isLessThan(2 + 1 + 20 + RecordFrame.CRC);
      }
    }
    // a frame read as another seq fails, naming the seq it holds
    int len = RecordFrame.frameLength(a, starts.get(1), out.size(), Long.MAX_VALUE);
    assertThat(new FrameReader(1 << 20).check(a, starts.get(1), len, 103)).isFalse();
  }

  @Test
  void smilePayloads_keepTheDefaultMappersSettings_andAreSmallerThanJson() throws Exception {
    Map<String, Integer> oneWay = new HashMap<>();
    Map<String, Integer> otherWay = new java.util.LinkedHashMap<>();
    for (String k : List.of("delta", "alpha", "charlie", "bravo")) {
      oneWay.put(k, k.length());
    }
    for (String k : List.of("bravo", "charlie", "alpha", "delta")) {
      otherWay.put(k, k.length());
    }
    ZonedDateTime at = ZonedDateTime.parse("2026-12-02T10:15:30+01:00[Europe/Paris]");
    Order a = new Order(7, "soylent", at, Optional.of("rush"), oneWay);
    Order b = new Order(7, "soylent", at, Optional.of("rush"), otherWay);
    Codec<Order> smile = JsonCodec.of(Order.class, JsonCodec.newDefaultMapper(), PayloadFormat.SMILE);
    Codec<Order> json = JsonCodec.of(Order.class, JsonCodec.newDefaultMapper(), PayloadFormat.JSON);
    byte[] sa = encode(smile, a);
    assertThat(encode(smile, b)).as("map entries in key order: equal maps, equal bytes").isEqualTo(sa);
    Order back = smile.decode(sa, 0, sa.length);
    assertThat(back).isEqualTo(a);
    assertThat(back.at().getZone()).as("the zone id is kept").isEqualTo(at.getZone());
    byte[] empty = encode(smile, new Order(1, "x", at, Optional.empty(), Map.of()));
    assertThat(smile.decode(empty, 0, empty.length).note()).isEmpty();
    assertThat(sa.length).isLessThan(encode(json, a).length);
    assertThat(sa[0]).as("no Smile header: a payload is not a file").isNotEqualTo((byte) ':');
    // two values through one codec instance (one generator): the second does not refer back to the first
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    smile.encode(a, two);
    int firstEnd = two.size();
    smile.encode(a, two);
    byte[] both = two.toByteArray();
    assertThat(java.util.Arrays.copyOfRange(both, firstEnd, both.length)).isEqualTo(sa);
    // a type without properties is refused in Smile as in JSON
    assertThat(JsonCodec.of(Object.class, JsonCodec.newDefaultMapper(), PayloadFormat.SMILE).problems()).isNotEmpty();
  }

  private static <T> byte[] encode(Codec<T> codec, T value) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(value, out);
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(PayloadFormat.class)
  void eachFormat_isRecorded_readBackWithoutTheFlow_andHeldByteForByteInMemory(PayloadFormat format) throws Exception {
    FlowHandle disk = orders(3000).builder().journals(Journals.disk(tmp).payloadFormat(format)).start();
    assertThat(disk.await().state()).isEqualTo(FlowState.COMPLETED);
    FlowHandle memory = orders(3000).builder().journals(Journals.memory().payloadFormat(format)).start();
    assertThat(memory.await().state()).isEqualTo(FlowState.COMPLETED);
    Path runDir = disk.journals().directory().orElseThrow();
    Manifest m = Manifest.read(runDir);
    assertThat(m.format()).isEqualTo(3);
    assertThat(m.journalFormat()).isEqualTo(2);
    assertThat(m.payloadFormat()).isEqualTo(format.id());
    assertThat(RunArchive.verify(runDir, null)).allMatch(RunArchive.JournalCheck::ok);
    for (String stage : List.of("orders", "same", "out")) {
      List<JournalRecord> d = disk.journals().data(stage).readAll();
      List<JournalRecord> mem = memory.journals().data(stage).readAll();
      assertThat(d).hasSameSizeAs(mem);
      for (int i = 0; i < d.size(); i++) {
        assertThat(d.get(i).payloadBytes()).as(stage + " seq " + (i + 1)).isEqualTo(mem.get(i).payloadBytes());
      }
    }
    byte[] first = disk.journals().data("orders").read(1, 1).get(0).payloadBytes();
    assertThat(first[0] == '{').as("JSON text or Smile").isEqualTo(format == PayloadFormat.JSON);
    // the journal tool's reading, without the flow: trees, whatever the format
    try (RunArchive archive = RunArchive.open(runDir, null)) {
      JournalRecord r = archive.data("same").read(2000, 1).get(0);
      assertThat(r.payload()).isInstanceOf(ObjectNode.class);
      assertThat(((JsonNode) r.payload()).get("id").asLong()).isEqualTo(1999);
      assertThat(ZonedDateTime.parse(((JsonNode) r.payload()).get("at").asText()))
          .isEqualTo(ZonedDateTime.parse("2026-12-02T10:15:30+01:00[Europe/Paris]").plusMinutes(1999));
    }
  }

  @Test
  void aRunOfJournalFormat1_isRefusedNamingTheFormatAndTheWeirThatWroteIt() throws Exception {
    FlowHandle h = orders(10).builder().journals(Journals.disk(tmp)).start();
    h.await();
    Path runDir = h.journals().directory().orElseThrow();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(runDir.resolve(Manifest.FILE).toFile());
    m.put("format", 2).put("weirVersion", "0.0.9").remove("payloadFormat");
    json.writeValue(runDir.resolve(Manifest.FILE).toFile(), m);
    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable read : List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
        () -> RunArchive.verify(runDir, null), () -> RunArchive.open(runDir, null).close(),
        () -> RunArchive.open(runDir, orders(0), null).close())) {
      assertThatThrownBy(read).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("was written by Weir 0.0.9 in journal format 1 (manifest format 2)")
          .hasMessageContaining("reads journal format 2 only");
    }
    // a segment of format 1 on its own is refused the same way, never read as garbage
    Path segment;
    try (Stream<Path> s = Files.list(runDir.resolve("orders.data"))) {
      segment = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    bytes[2] = 1;
    Files.write(segment, bytes);
    assertThatThrownBy(() -> new JournalScanner("orders.data", runDir.resolve("orders.data"), 1 << 20, null)
        .scan(null, DiskJournal.INDEX_EVERY))
        .isInstanceOf(JournalException.class).hasMessageContaining("is in journal format 1");
  }
}

package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weir.event.RawInput;
import dev.weir.flow.DeadLetter;
import dev.weir.flow.FlowState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sources#jsonLines} and {@link Sinks#jsonLines} in real flows. */
class JsonLinesTest {

  public record Event(String id, int qty, LocalDate day, Optional<String> note) {}

  /** A record that refuses some values. */
  public record Positive(int qty) {
    public Positive {
      if (qty <= 0) {
        throw new IllegalArgumentException("qty must be positive, got " + qty);
      }
    }
  }

  /** A record that takes lines with more properties than it has. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  public record Lenient(String id) {}

  @TempDir
  Path tmp;

  @Test
  void aTypeThatIgnoresUnknownProperties_readsLinesWithMore() throws Exception {
    Path file = Files.writeString(tmp.resolve("more.jsonl"), "{\"id\":\"a\",\"colour\":\"red\"}\n");
    List<Lenient> got = Collections.synchronizedList(new ArrayList<>());

    ConnectorFlows.Outcome o = ConnectorFlows.run(Lenient.class, Sources.jsonLines(file, Lenient.class), Sinks.collect(got));

    assertThat(o.sourceErrors()).isEmpty();
    assertThat(got).containsExactly(new Lenient("a"));
  }

  @Test
  void theSinkWritesOneCompactLinePerItem_andTheSourceReadsThemBack() throws Exception {
    Path file = tmp.resolve("events.jsonl");
    List<Event> events = List.of(
        new Event("a", 1, LocalDate.of(2026, 1, 2), Optional.empty()),
        new Event("two\nlines \"q\" \u00e9", -2, null, Optional.of("n")));

    ConnectorFlows.Outcome o = ConnectorFlows.run(Event.class, Sources.of(events), Sinks.jsonLines(file, Event.class));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(Files.readString(file)).isEqualTo(
        "{\"id\":\"a\",\"qty\":1,\"day\":\"2026-01-02\",\"note\":null}\n"
            + "{\"id\":\"two\\nlines \\\"q\\\" \u00e9\",\"qty\":-2,\"day\":null,\"note\":\"n\"}\n");
    List<Event> back = Collections.synchronizedList(new ArrayList<>());
    ConnectorFlows.Outcome read = ConnectorFlows.run(Event.class, Sources.jsonLines(file, Event.class), Sinks.collect(back));
    assertThat(read.sourceErrors()).isEmpty();
    assertThat(back).containsExactlyElementsOf(events);
  }

  @Test
  void manyBatches_roundTrip_inOrder() throws Exception {
    Path file = tmp.resolve("many.jsonl");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      events.add(new Event("e" + i, i, LocalDate.ofEpochDay(i), i % 3 == 0 ? Optional.empty() : Optional.of("x" + i)));
    }
    ConnectorFlows.run(Event.class, Sources.of(events), Sinks.jsonLines(file, Event.class));
    List<Event> back = Collections.synchronizedList(new ArrayList<>());

    ConnectorFlows.Outcome o = ConnectorFlows.run(Event.class, Sources.jsonLines(file, Event.class), Sinks.collect(back));

    assertThat(o.result().stage("source").emitted()).isEqualTo(5000);
    assertThat(back).containsExactlyElementsOf(events);
    assertThat(Files.readAllLines(file)).hasSize(5000);
  }

  @Test
  void badLines_areDeadLettersNamingFileAndLine_andTheFlowGoesOn() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(String.join("\n",
        "{\"id\":\"a\",\"qty\":1}",                  // 1 good
        "not json",                                  // 2
        "",                                          // 3 blank: skipped
        "{\"id\":\"b\",\"qty\":\"many\"}",           // 4 wrong type
        "{\"id\":\"c\",\"qty\":3,\"colour\":\"red\"}", // 5 unknown property
        "{\"id\":\"d\",\"qty\":4} {\"id\":\"e\"}",   // 6 two values
        "null",                                      // 7
        "   ",                                       // 8 blank: skipped
        "{\"id\":\"f\"}",                            // 9 a missing primitive
        "{\"id\":\"g\",\"qty\":7}\r",                // 10 good, CRLF
        "{\"id\":\"h\",\"qty\":8,").getBytes(StandardCharsets.UTF_8)); // 11 cut off, no terminator
    b.writeBytes("\n{\"id\":\"".getBytes(StandardCharsets.UTF_8)); // 12 invalid UTF-8 inside a string
    b.writeBytes(new byte[] {(byte) 0xC3, '(', '"', ',', '"', 'q', 't', 'y', '"', ':', '1', '}'});
    b.writeBytes("\n{\"id\":\"i\",\"qty\":9}".getBytes(StandardCharsets.UTF_8)); // 13 good, last line without LF
    Path file = Files.write(tmp.resolve("bad.jsonl"), b.toByteArray());
    List<Event> got = Collections.synchronizedList(new ArrayList<>());

    ConnectorFlows.Outcome o = ConnectorFlows.run(Event.class, Sources.jsonLines(file, Event.class), Sinks.collect(got));

    assertThat(o.result().state()).isEqualTo(FlowState.COMPLETED);
    assertThat(got).extracting(Event::id).containsExactly("a", "g", "i");
    assertThat(o.sourceErrors()).extracting(DeadLetter::kind).containsOnly(ErrorKind.DESERIALIZATION);
    List<String> reasons = o.sourceReasons();
    assertThat(reasons).hasSize(8);
    assertThat(reasons.get(0)).startsWith("bad.jsonl line 2: not JSON at column ").contains("Unrecognized token 'not'");
    assertThat(reasons.get(1)).startsWith("bad.jsonl line 4: property 'qty': cannot be read as Event: ")
        .contains("\"many\"");
    assertThat(reasons.get(2)).startsWith("bad.jsonl line 5: property 'colour': cannot be read as Event: ")
        .contains("Unrecognized field \"colour\"");
    assertThat(reasons.get(3)).startsWith("bad.jsonl line 6: cannot be read as Event: ").contains("Trailing token");
    assertThat(reasons.get(4)).isEqualTo("bad.jsonl line 7: null is not an Event");
    assertThat(reasons.get(5))
        .isEqualTo("bad.jsonl line 9: property 'qty': missing or null, but it is an int (primitives need a value)");
    assertThat(reasons.get(6)).startsWith("bad.jsonl line 11: not JSON at column ");
    assertThat(reasons.get(7)).isEqualTo("bad.jsonl line 12: not valid UTF-8 (the undecodable bytes are shown as U+FFFD)");
    assertThat(o.sourceErrors()).extracting(d -> ((RawInput) d.input()).text())
        .startsWith("not json", "{\"id\":\"b\",\"qty\":\"many\"}")
        .endsWith("{\"id\":\"h\",\"qty\":8,", "{\"id\":\"\uFFFD(\",\"qty\":1}");
    assertThat(got.size() + reasons.size()).as("every non-blank line").isEqualTo(11);
  }

  @Test
  void aValueTheConstructorRefuses_andALineOverTheCap_areDeadLetters() throws Exception {
    Path file = Files.writeString(tmp.resolve("refused.jsonl"),
        "{\"qty\":0}\n{\"qty\":" + "1".repeat(100) + "}\n{\"qty\":3}\n");
    List<Positive> got = Collections.synchronizedList(new ArrayList<>());

    ConnectorFlows.Outcome o = ConnectorFlows.run(Positive.class, new JsonLinesSource<>(file, Positive.class, 50),
        Sinks.collect(got));

    assertThat(got).containsExactly(new Positive(3));
    assertThat(o.sourceReasons()).containsExactly(
        "refused.jsonl line 1: Positive refused the values: IllegalArgumentException: qty must be positive, got 0",
        "refused.jsonl line 2: the line is longer than 50 bytes (Sources.JSON_LINES_MAX_LINE_BYTES);"
            + " raw text cut to its first 50 bytes");
    assertThat(((RawInput) o.sourceErrors().get(1).input()).text()).hasSize(50);
  }

  @Test
  void randomBytes_neverHangOrFail_andEveryNonBlankLineIsEmittedOrDeadLettered() throws Exception {
    Random random = new Random(1207L);
    String[] pieces = {"{", "}", "\"", ":", ",", "\n", "\r\n", "\"id\"", "\"qty\"", "1", "null", " ", "[", "]", "\u00e9"};
    for (int round = 0; round < 40; round++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int size = random.nextInt(3000);
      for (int i = 0; i < size; i++) {
        if (round % 2 == 0) {
          b.write(random.nextInt(256));
        } else {
          b.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] bytes = b.toByteArray();
      Path file = Files.write(tmp.resolve("random" + round + ".jsonl"), bytes);
      List<Event> got = Collections.synchronizedList(new ArrayList<>());

      ConnectorFlows.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> ConnectorFlows.run(Event.class, new JsonLinesSource<>(file, Event.class, 200), Sinks.collect(got)));

      assertThat(o.result().state()).as("round %d", round).isEqualTo(FlowState.COMPLETED);
      long lines = Stream.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1))
          .filter(l -> !l.replace("\r", "").replace(" ", "").replace("\t", "").isEmpty()).count();
      assertThat(got.size() + o.sourceErrors().size()).as("round %d", round).isEqualTo(lines);
    }
  }

  @Test
  void theSinkOnAFailedRun_leavesTheTargetAsItWas_andNoTemporaryFile() throws Exception {
    Path file = Files.writeString(tmp.resolve("keep.jsonl"), "{\"old\":true}\n");
    Source<Event> failing = new Source<>() {
      private int calls;

      @Override
      public boolean next(Emitter<Event> out) throws IOException {
        if (calls++ == 0) {
          out.emit(new Event("a", 1, null, Optional.empty()));
          return true;
        }
        throw new IOException("the upstream broke");
      }
    };

    ConnectorFlows.Outcome o = ConnectorFlows.run(Event.class, failing, Sinks.jsonLines(file, Event.class));

    assertThat(o.result().state()).isEqualTo(FlowState.FAILED);
    assertThat(Files.readString(file)).isEqualTo("{\"old\":true}\n");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.jsonl");
    }
  }

  @Test
  void append_addsEachRunsLines() throws Exception {
    Path file = tmp.resolve("log.jsonl");
    Sink<Event> first = Sinks.jsonLines(file, Event.class, FileSinkMode.APPEND);
    ConnectorFlows.run(Event.class, Sources.of(new Event("a", 1, null, Optional.empty())), first);
    ConnectorFlows.run(Event.class, Sources.of(new Event("b", 2, null, Optional.empty())),
        Sinks.jsonLines(file, Event.class, FileSinkMode.APPEND));

    assertThat(Files.readAllLines(file)).containsExactly(
        "{\"id\":\"a\",\"qty\":1,\"day\":null,\"note\":null}", "{\"id\":\"b\",\"qty\":2,\"day\":null,\"note\":null}");
  }

  @Test
  void append_toAFileWhoseLastLineHasNoTerminator_startsANewLine() throws Exception {
    Path file = Files.writeString(tmp.resolve("open.jsonl"), "{\"id\":\"x\",\"qty\":0}");

    ConnectorFlows.run(Event.class, Sources.of(new Event("b", 2, null, Optional.empty())),
        Sinks.jsonLines(file, Event.class, FileSinkMode.APPEND));

    assertThat(Files.readString(file)).isEqualTo(
        "{\"id\":\"x\",\"qty\":0}\n{\"id\":\"b\",\"qty\":2,\"day\":null,\"note\":null}\n");
  }
}

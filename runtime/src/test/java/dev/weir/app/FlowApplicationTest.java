package dev.weir.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.api.Transforms;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import dev.weir.flow.StageKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowApplicationTest {

  @TempDir
  Path dir;

  record Item(int id, String name) {}

  static FlowDefinition flow() {
    ElementType item = ElementType.of(Item.class, "item", 1);
    return FlowDefinition.define("items")
        .stage(StageDefinition.source("items", item, f -> Sources.range(500, i -> new Item((int) i, "n" + i))))
        .stage(StageDefinition.transform("upper", StageKind.TRANSFORM, item, item,
            f -> Transforms.map((Item i) -> new Item(i.id(), i.name().toUpperCase()))))
        .stage(StageDefinition.sink("out", item, f -> (Sink<Item>) x -> {}))
        .chain("items", "upper", "out")
        .build();
  }

  record Run(int code, String out, String err) {}

  /** Runs {@link #flow()} as its program would with {@code args}. */
  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(flow(), "java -jar items.jar", new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Run tool(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Weir.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Path runDirOf(Run r) {
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(r.out());
    assertThat(m.find()).as("replay command in:\n" + r.out()).isTrue();
    return Path.of(m.group(1));
  }

  @Test
  void run_printsASummaryPerStage_andTheReplayCommand_whichVerifies() {
    Run first = run("--journal-dir", dir.toString(), "--durability", "none");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).containsPattern("items\\s+source\\s+0\\s+500\\s+0")
        .containsPattern("upper\\s+transform\\s+500\\s+500\\s+0")
        .containsPattern("out\\s+sink\\s+500\\s+500\\s+0")
        .contains("COMPLETED")
        .contains("replay: java -jar items.jar --journal-dir " + dir + " --replay-from " + dir.resolve("items"));
    Path runDir = runDirOf(first);

    Run replay = run("--journal-dir", dir.toString(), "--replay-from", runDir.toString(), "--verify");

    assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out()).contains("replay matched the original run: 0 differences");
  }

  @Test
  void verifyWithoutReplay_andABadDurability_areUsageErrors() {
    assertThat(run("--verify").code()).isEqualTo(2);
    Run bad = run("--durability", "sometimes");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("durability 'sometimes' is not one of none, batch, interval:<n>ms");
  }

  @Test
  void journalTool_inspectsCatsAndVerifies_andNamesCorruption() throws Exception {
    Path runDir = runDirOf(run("--journal-dir", dir.toString(), "--durability", "batch"));

    Run inspect = tool("journal", "inspect", runDir.toString());
    assertThat(inspect.code()).as(inspect.out() + inspect.err()).isZero();
    assertThat(inspect.out()).contains("of flow items: COMPLETED").contains("durability batch, hmac no")
        .containsPattern("upper\\s+transform\\s+500\\s+1\\s+500\\s+yes\\s+0\\s+ok");

    Run cat = tool("journal", "cat", runDir.toString(), "upper", "--from", "10", "--limit", "2");
    assertThat(cat.code()).isZero();
    List<String> lines = cat.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("{\"seq\":10,\"kind\":\"DATA\",\"parent\":\"items#10\",")
        .endsWith("\"payload\":{\"id\":9,\"name\":\"N9\"}}");

    Run verify = tool("journal", "verify", runDir.toString());
    assertThat(verify.code()).isZero();
    assertThat(verify.out()).contains("verified 7 journals: no corruption");

    Path segment;
    try (Stream<Path> s = Files.list(runDir.resolve("upper.data"))) {
      segment = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, 5000);
      b.put(0, (byte) (b.get(0) ^ 0x10)).rewind();
      ch.write(b, 5000);
    }
    Run broken = tool("journal", "verify", runDir.toString());
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.out()).containsPattern("CORRUPT upper.data: journal upper.data is corrupt: .*"
        + Pattern.quote(segment.getFileName().toString()) + " at offset \\d+, seq \\d+: CRC32C mismatch")
        .contains("1 problem in the 7 journals of").contains("the run is corrupt or not whole");
  }
}

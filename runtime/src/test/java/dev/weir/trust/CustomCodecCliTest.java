package dev.weir.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Sink;
import dev.weir.api.Sources;
import dev.weir.app.FlowApplication;
import dev.weir.flow.Codec;
import dev.weir.flow.ElementType;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.StageDefinition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command-line flow can set its codecs; the run and its replay verification both use them. */
class CustomCodecCliTest {

  @TempDir
  Path dir;

  public record Point(int x, int y) {}

  /** "x,y" as text: not JSON, so reading it back needs this codec. */
  static final class PointText implements Codec<Point> {
    @Override
    public void encode(Point p, OutputStream out) throws IOException {
      out.write((p.x() + "," + p.y()).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Point decode(byte[] data, int offset, int length) {
      String[] xy = new String(data, offset, length, StandardCharsets.US_ASCII).split(",");
      return new Point(Integer.parseInt(xy[0]), Integer.parseInt(xy[1]));
    }
  }

  private static FlowDefinition flow() {
    ElementType point = ElementType.of(Point.class);
    return FlowDefinition.define("points")
        .stage(StageDefinition.source("points", point, f -> Sources.range(100, i -> new Point((int) i, (int) -i))))
        .stage(StageDefinition.sink("out", point, f -> (Sink<Point>) p -> {}))
        .chain("points", "out")
        .build();
  }

  private String run(Consumer<FlowBuilder> configure, String... args) {
    StringWriter out = new StringWriter();
    FlowApplication.execute(flow(), configure, "points", new PrintWriter(out), new PrintWriter(out), args);
    return out.toString();
  }

  @Test
  void theRunAndItsVerifiedReplay_encodeWithTheConfiguredCodec() throws Exception {
    Consumer<FlowBuilder> textPoints = b -> b.codec(Point.class, new PointText());
    String first = run(textPoints, "--journal-dir", dir.toString(), "--durability", "none");
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(first);
    assertThat(m.find()).as(first).isTrue();
    Path runDir = Path.of(m.group(1));
    try (var segs = Files.list(runDir.resolve("points.data"))) {
      Path seg = segs.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
      assertThat(new String(Files.readAllBytes(seg), StandardCharsets.ISO_8859_1)).contains("7,-7");
    }

    String replay = run(textPoints, "--journal-dir", dir.toString(), "--durability", "none", "--replay-from",
        runDir.toString(), "--verify");
    assertThat(replay).contains("replay matched the original run: 0 differences");

    String withoutCodec = run(b -> {}, "--journal-dir", dir.toString(), "--replay-from", runDir.toString(), "--verify");
    assertThat(withoutCodec).contains("FAILED").doesNotContain("0 differences");
  }
}

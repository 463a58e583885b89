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
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal inspect} counts a stage's events apart from its end of stream and from its errors. */
class JournalInspectCountsTest {

  @TempDir
  Path dir;

  record Item(int id) {}

  /** 100 items; {@code check} fails every tenth (10 dead letters) and passes 90. */
  static FlowDefinition flow() {
    ElementType item = ElementType.of(Item.class, "item", 1);
    return FlowDefinition.define("checked")
        .stage(StageDefinition.source("items", item, f -> Sources.range(100, i -> new Item((int) i))))
        .stage(StageDefinition.transform("check", StageKind.TRANSFORM, item, item, f -> Transforms.map((Item i) -> {
          if (i.id() % 10 == 0) {
            throw new IllegalArgumentException("item " + i.id() + " is a tenth");
          }
          return i;
        })))
        .stage(StageDefinition.sink("out", item, f -> (Sink<Item>) x -> {}))
        .chain("items", "check", "out")
        .build();
  }

  @Test
  void inspect_showsDataEventsErrorsAndTheEndOfStreamSeparately() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FlowApplication.execute(flow(), "java -jar checked.jar", new PrintWriter(out), new PrintWriter(err),
        "--journal-dir", dir.toString(), "--durability", "none");
    assertThat(code).as(out + "\n" + err).isEqualTo(3); // completed, with the 10 inputs check dead-lettered
    Matcher m = Pattern.compile("--replay-from (\\S+) --verify").matcher(out.toString());
    assertThat(m.find()).isTrue();

    StringWriter inspect = new StringWriter();
    assertThat(Weir.execute(new PrintWriter(inspect), new PrintWriter(err), "journal", "inspect", m.group(1)))
        .as(err.toString()).isZero();

    // the data journals hold 100, 90 and 90 records plus their end of stream: the events leave it out
    assertThat(inspect.toString())
        .containsPattern("stage\\s+kind\\s+events\\s+first\\s+last\\s+end\\s+errors\\s+integrity")
        .containsPattern("(?m)^items\\s+source\\s+100\\s+1\\s+100\\s+yes\\s+0\\s+ok$")
        .containsPattern("(?m)^check\\s+transform\\s+90\\s+1\\s+90\\s+yes\\s+10\\s+ok$")
        .containsPattern("(?m)^out\\s+sink\\s+90\\s+1\\s+90\\s+yes\\s+0\\s+ok$");
  }
}

package dev.weir.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file source that cannot read its file fails the flow saying which file and why. */
class UnreadableFileTest {

  public record Row(String name, int count) {}

  @TempDir
  Path dir;

  private static String failure(Source<Row> source) throws Exception {
    FlowResult r = ConnectorFlows.run(Row.class, source, Sinks.discard()).result();
    assertThat(r.state()).isEqualTo(FlowState.FAILED);
    return r.failure().orElseThrow().getMessage();
  }

  @Test
  void aMissingFile_aDirectory_areNamedWithTheReason() throws Exception {
    Path missing = dir.resolve("nope.jsonl");
    Path directory = Files.createDirectory(dir.resolve("adir"));

    assertThat(failure(Sources.jsonLines(missing, Row.class)))
        .contains("JSON Lines source: cannot read " + missing.toAbsolutePath() + ": no such file");
    assertThat(failure(Sources.jsonLines(directory, Row.class)))
        .contains("JSON Lines source: cannot read " + directory.toAbsolutePath() + ": it is a directory, not a file");
    assertThat(failure(Sources.csv(dir.resolve("nope.csv"), Row.class)))
        .contains("CSV source: cannot read " + dir.resolve("nope.csv").toAbsolutePath() + ": no such file");
  }
}
